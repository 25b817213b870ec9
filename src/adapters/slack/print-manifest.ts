// `npm run slack:manifest [-- https://host/slack/events | --socket-mode] [--name "App name"]`:
// prints the app manifest (JSON) for Slack's "Create an app" > "From an app manifest".
import { commands } from '../../../commands';
import { buildManifest } from './manifest';

const args = process.argv.slice(2);
const nameAt = args.indexOf('--name');
const appName = nameAt >= 0 ? args[nameAt + 1] : undefined;
const requestUrl = args.find((a) => /^https?:\/\//.test(a));
const socketMode = args.includes('--socket-mode');
if (requestUrl && socketMode) {
  process.stderr.write('Give a request URL (HTTP mode) or --socket-mode, not both.\n');
  process.exit(2);
}
const manifest = buildManifest(commands, { socketMode, ...(requestUrl && { requestUrl }), ...(appName && { appName }) });
process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
if (!socketMode && !requestUrl) {
  process.stderr.write('Note: replace YOUR-PUBLIC-HOST with your public host, or pass the URL: npm run slack:manifest -- https://host/slack/events\n');
}
