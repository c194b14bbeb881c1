import type { types } from '@slack/bolt';
import type { HomeView, UiStrings } from '../../src/index.js';
import { actionsBlocks, ButtonIds, headerBlock, LIMITS, replyBlocks, type SlackStrings, textBlocks } from './render.js';

export type HomeStrings = SlackStrings & Pick<UiStrings, 'catalogIntro'>;

/**
 * The App Home tab: the user's onboarding progress (when started), then what
 * the bot knows, one header per category and the core's button per entry.
 */
export function renderHome(home: HomeView, ui: HomeStrings): types.HomeView {
  // One id sequence for the whole view: the progress card's buttons and the catalog's never collide.
  const ids = new ButtonIds();
  const blocks: types.KnownBlock[] = [
    headerBlock(ui.labels.homeTitle[home.lang]),
    ...textBlocks(ui.catalogIntro[home.lang]),
  ];
  if (home.progress) {
    const room = LIMITS.blocksPerView - blocks.length - 1;
    blocks.push({ type: 'divider' }, ...replyBlocks(home.progress, { ui }, ids, room));
  }
  for (const section of home.sections) {
    if (section.entries.length === 0) continue;
    blocks.push({ type: 'divider' }, headerBlock(section.title), ...actionsBlocks(section.entries, ids));
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}
