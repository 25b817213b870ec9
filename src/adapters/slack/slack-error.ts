// Web API errors carry the whole HTTP request (headers with the bot token included) in
// `original`; only this short description of one ever reaches a log.
export function describeSlackError(error: unknown): { code?: string; slackError?: string; message: string } {
  const e = error as { code?: unknown; data?: { error?: unknown }; message?: unknown };
  return {
    ...(typeof e?.code === 'string' && { code: e.code }),
    ...(typeof e?.data?.error === 'string' && { slackError: e.data.error }),
    message: typeof e?.message === 'string' ? e.message.slice(0, 300) : String(error).slice(0, 300),
  };
}
