/** What an area declares for each of its error codes: the HTTP status and a short English title. */
export interface AreaError {
  status: number;
  title: string;
}
