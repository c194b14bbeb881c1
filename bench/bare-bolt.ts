/**
 * The reference for `npm run load`: bare Bolt (the version pmo-guide ships)
 * with its own HTTP receiver, acking `/pmo` with a fixed string and posting a
 * fixed reply to app_mention. Started by bench/load-side-by-side.ts as a
 * child process; PORT, SLACK_SIGNING_SECRET, SLACK_API_URL from the environment.
 */
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: 'xoxb-bare-bolt',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/pmo', async ({ ack }) => {
  await ack('A PMP holds the Project Management Professional certification.');
});
app.event('app_mention', async ({ say }) => {
  await say('A PMO supports projects across the organisation.');
});
await app.start({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
