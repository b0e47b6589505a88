/**
 * Errors the router itself answers with, in OpenAI's shape (SPEC §10.7), so every
 * OpenAI-compatible client shows them like any other API error.
 */
export interface RouterErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly code: string; readonly param: string | null };
}

export interface RouterError {
  readonly status: number;
  readonly body: RouterErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
}

export function routerError(
  status: number,
  code: string,
  message: string,
  param: string | null = null,
  headers?: Record<string, string>,
): RouterError {
  const type = status === 401 ? 'authentication_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { status, body: { error: { message, type, code, param } }, ...(headers ? { headers } : {}) };
}
