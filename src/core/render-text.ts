// Plain-text rendering of a Reply: the console's output and the notification fallback elsewhere.
import type { Reply } from './reply';

export function renderText(reply: Reply): string {
  const out: string[] = [];
  if (reply.title) out.push(reply.title);
  if (reply.url) out.push(reply.url);
  if (reply.title || reply.url) out.push('');
  if (reply.text) out.push(reply.text, '');
  for (const item of reply.items ?? []) {
    out.push(`• ${item.title}${item.meta ? ` (${item.meta})` : ''}`);
    if (item.text) out.push(`  ${item.text}`);
    if (item.url) out.push(`  ${item.url}`);
  }
  if (reply.items?.length) out.push('');
  for (const quote of reply.quotes ?? []) out.push(`“${quote.text}” — ${quote.speaker ?? 'unattributed'}`);
  if (reply.quotes?.length) out.push('');
  for (const field of reply.fields ?? []) out.push(`${field.name}: ${field.value}`);
  if (reply.fields?.length) out.push('');
  if (reply.footer) out.push(reply.footer, '');
  if (reply.notice) out.push(`ℹ ${reply.notice.text} ${reply.notice.url}`, '');
  while (out.at(-1) === '') out.pop();
  return out.join('\n');
}
