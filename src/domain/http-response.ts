/** An HTTP answer as sources see it and the database records it (raw responses, replays). */
export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
