import type { types } from '@slack/bolt';
import type { HomeView, UiStrings } from '../../src/index.js';
import { actionsBlocks, ButtonIds, headerBlock, LIMITS, replyBlocks, textBlocks } from './render.js';

/**
 * The App Home tab: the user's onboarding progress (when started), then what
 * the bot knows, one header per category and the core's button per entry.
 */
export function renderHome(home: HomeView, ui: Pick<UiStrings, 'catalogIntro'>): types.HomeView {
  // One id sequence for the whole view: the progress card's buttons and the catalog's never collide.
  const ids = new ButtonIds();
  const blocks: types.KnownBlock[] = [headerBlock('PMO Guide'), ...textBlocks(ui.catalogIntro[home.lang])];
  if (home.progress) {
    const room = LIMITS.blocksPerView - blocks.length - 1;
    blocks.push({ type: 'divider' }, ...replyBlocks(home.progress, {}, ids, room));
  }
  for (const section of home.sections) {
    if (section.entries.length === 0) continue;
    blocks.push({ type: 'divider' }, headerBlock(section.title), ...actionsBlocks(section.entries, ids));
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}
