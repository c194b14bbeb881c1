/**
 * The reference for `npm run load`: a bare botbuilder echo bot (CloudAdapter,
 * the version pmo-guide ships) on express, without credentials like
 * pmo-guide's anonymous local mode. Started by bench/load-side-by-side.ts as a
 * child process on PORT.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`Echo: ${context.activity.text}`);
  await next();
});
const app = express();
app.post('/api/messages', express.json({ limit: '1mb' }), (req, res) => {
  void adapter.process(req, res, (context) => bot.run(context));
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
