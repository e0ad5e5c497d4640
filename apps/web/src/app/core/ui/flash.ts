import { Injectable, signal } from '@angular/core';

/** A one-time message carried to the next page (e.g. "sent" after submitting a request). */
@Injectable({ providedIn: 'root' })
export class FlashMessage {
  private readonly message = signal<string | null>(null);

  set(message: string): void {
    this.message.set(message);
  }

  /** Returns the message and forgets it. */
  take(): string | null {
    const message = this.message();
    this.message.set(null);
    return message;
  }
}
