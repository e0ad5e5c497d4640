import type { MeIdentityExtras } from './identity';

/** `POST /api/v1/auth/login` body. */
export interface LoginRequest {
  username: string;
  password: string;
  /** The 6-digit TOTP code, for accounts with a second factor (else OTP_REQUIRED). */
  otp?: string;
}

export interface DepartmentSummary {
  id: string;
  code: string;
  name: string;
}

/** The signed-in user as `GET /api/v1/auth/me` and a successful login answer it. */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  title: string | null;
  department: DepartmentSummary | null;
  roles: string[];
}

export interface MeResponse extends MeIdentityExtras {
  user: CurrentUser;
  /** ISO timestamps of the session's limits, so the UI can warn before the idle timeout. */
  session: { idleExpiresAt: string; absoluteExpiresAt: string };
}
