import type { types } from '@slack/bolt';
import type { HomeView, Lang, ReplyButton, UiStrings } from '../../src/index.js';
import { actionsBlocks, ButtonIds, headerBlock, LIMITS, renderReply, textBlocks } from './render.js';

/**
 * The App Home tab: the user's onboarding progress (when started), then what
 * the bot knows, one header per category and a button per entry. A click
 * sends the same `ask` action an answer's follow-up button would.
 */
export function renderHome(home: HomeView, lang: Lang, ui: Pick<UiStrings, 'catalogIntro'>): types.HomeView {
  const ids = new ButtonIds();
  const blocks: types.KnownBlock[] = [headerBlock('PMO Guide'), ...textBlocks(ui.catalogIntro[lang])];
  if (home.progress) {
    // Rendered through the same renderer so its buttons keep unique ids; no feedback on a progress card.
    const progress = renderReply(home.progress, { feedback: false, languageSwitch: false }).blocks.map((block) =>
      renumber(block, ids),
    );
    blocks.push({ type: 'divider' }, ...progress);
  }
  for (const section of home.sections) {
    if (section.entries.length === 0) continue;
    const buttons: ReplyButton[] = section.entries.map((e) => ({
      label: e.title,
      action: { type: 'ask', entryId: e.id, lang },
    }));
    blocks.push({ type: 'divider' }, headerBlock(section.title), ...actionsBlocks(buttons, ids));
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}

/** Gives the progress card's buttons ids from the view-wide sequence, so none collide with the catalog's. */
function renumber(block: types.KnownBlock, ids: ButtonIds): types.KnownBlock {
  if (block.type !== 'actions') return block;
  const elements = block.elements.map((el) =>
    el.type === 'button' && el.action_id?.startsWith('pmo:btn:') ? { ...el, action_id: ids.next() } : el,
  );
  return { ...block, elements };
}
