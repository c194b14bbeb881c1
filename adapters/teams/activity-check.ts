import { z } from 'zod';

/**
 * The activity fields a turn and its reply are built from. botbuilder puts
 * `conversation.id` into the reply's URL and an `x-ms-conversation-id`
 * header, `id` (or `replyToId`, when a card is replaced) into the URL, and
 * `serviceUrl` in front of both. A value Node cannot send there (a control or
 * non-Latin-1 character in a header, a lone surrogate in a URL, a request
 * line past the receiver's 16 KB header limit) fails only when the reply is
 * sent, after the answer was composed, and the channel never hears why. So
 * they are checked before anything else runs.
 */

/**
 * Longest id accepted. Real Teams ids are far shorter (a personal chat's
 * `a:…` is ~150 characters); at this cap the reply's request line and headers
 * stay under Node's default 16 KB even when every character is percent-encoded.
 */
export const MAX_ID_LENGTH = 1024;
export const MAX_SERVICE_URL_LENGTH = 2048;

// Printable ASCII is what every HTTP header and URL carries unchanged; Teams and the Emulator only send that.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const PRINTABLE_ASCII_NO_SPACE = /^[\x21-\x7e]*$/;

function text(required: boolean) {
  return z.string({ error: (issue) => (issue.input == null && required ? 'is missing' : 'must be a string') });
}

/** An id a reply is addressed with. */
function addressId(required: boolean) {
  const id = text(required)
    .max(MAX_ID_LENGTH, { error: `is longer than ${MAX_ID_LENGTH} characters`, abort: true })
    .regex(PRINTABLE_ASCII, 'may only contain printable ASCII characters');
  return required ? id.min(1, 'is empty') : id.nullish();
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

// Used as written (not as URL() would tidy it), so stray spaces or control characters are refused too.
const serviceUrl = text(true)
  .min(1, 'is missing')
  .max(MAX_SERVICE_URL_LENGTH, { error: `is longer than ${MAX_SERVICE_URL_LENGTH} characters`, abort: true })
  .regex(PRINTABLE_ASCII_NO_SPACE, { error: 'may only contain printable ASCII characters without spaces', abort: true })
  .refine(isHttpUrl, 'must be an http or https URL');

function object<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.looseObject(shape, { error: (issue) => (issue.input == null ? 'is missing' : 'must be an object') });
}

// Loose: only these fields are checked; everything else in the activity passes through untouched.
const ActivityFieldsSchema = z.looseObject({
  serviceUrl,
  id: addressId(false),
  replyToId: addressId(false),
  conversation: object({ id: addressId(true), tenantId: text(false).nullish() }),
  // Read by the turn (who asks, in which language, what), never sent in a URL or header: only their type matters.
  from: object({ id: text(false).nullish(), aadObjectId: text(false).nullish() }).nullish(),
  recipient: object({ id: text(false).nullish() }).nullish(),
  locale: text(false).nullish(),
  text: text(false).nullish(),
});

/**
 * Why an activity cannot be answered, naming the field ("activity
 * conversation.id may only contain printable ASCII characters"), or
 * undefined when it can.
 */
export function activityProblem(activity: object): string | undefined {
  const result = ActivityFieldsSchema.safeParse(activity);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  return issue && `activity ${issue.path.join('.')} ${issue.message}`;
}
