/**
 * The reference for `npm run load`: bare Bolt (the version pmo-guide ships)
 * with its own HTTP receiver, acking `/pmo` with a fixed string and posting a
 * fixed reply to app_mention. Started by bench/load-side-by-side.ts as a
 * child process; PORT, SLACK_SIGNING_SECRET, SLACK_API_URL from the environment.
 *
 * With BARE_BOLT_REPLY (a file holding a Slack message as JSON: text and
 * blocks) it sends that message instead, both as the `/pmo` ack and as the
 * mention's reply: the same framework carrying a reply as large as pmo-guide's.
 */
import { readFileSync } from 'node:fs';
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: 'xoxb-bare-bolt',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
const replyFile = process.env.BARE_BOLT_REPLY;
const reply = replyFile ? (JSON.parse(readFileSync(replyFile, 'utf8')) as { text: string; blocks: [] }) : undefined;
app.command('/pmo', async ({ ack }) => {
  await ack(reply ?? 'A PMP holds the Project Management Professional certification.');
});
app.event('app_mention', async ({ say }) => {
  await say(reply ? { text: reply.text, blocks: reply.blocks } : 'A PMO supports projects across the organisation.');
});
await app.start({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
