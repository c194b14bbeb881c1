import { z } from 'zod';

/**
 * The activity fields a turn and its reply are built from. botbuilder posts
 * the reply to `serviceUrl` + /v3/conversations/{conversation.id}/activities/{id}
 * (`replyToId` instead of `id` when a card is replaced), with `conversation.id`
 * in an `x-ms-conversation-id` header too. A value Node cannot send there (a
 * control or non-Latin-1 character in a header, a lone surrogate in a URL, a
 * request past the receiver's header limit) fails only when the reply is
 * sent, after the answer was composed, and the channel never hears why. So
 * they are checked before anything else runs.
 */

/**
 * What the ids and serviceUrl may take of the reply's request line and
 * headers, percent-encoded as sent. Node (like most servers) refuses a request
 * whose line and headers pass 16 KB; the rest is left for the method, the
 * fixed path, a Bot Framework token (~1.5 KB) and the other headers. Real
 * Teams ids take a few hundred bytes.
 */
export const MAX_REPLY_ADDRESS_BYTES = 12 * 1024;

// Printable ASCII is what every HTTP header and URL carries unchanged; Teams and the Emulator only send that.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const PRINTABLE_ASCII_NO_SPACE = /^[\x21-\x7e]*$/;

function stringField(required: boolean) {
  return z.string({ error: (issue) => (issue.input == null && required ? 'is missing' : 'must be a string') });
}

/** Ids a reply is addressed with. */
const addressedBy = (id: z.ZodString) => id.regex(PRINTABLE_ASCII, 'may only contain printable ASCII characters');
const requiredId = addressedBy(stringField(true)).min(1, 'is empty');
const optionalId = addressedBy(stringField(false)).nullish();

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

// Used as written (not as URL() would tidy it), so stray spaces or control characters are refused too.
const serviceUrl = stringField(true)
  .min(1, 'is missing')
  .regex(PRINTABLE_ASCII_NO_SPACE, { error: 'may only contain printable ASCII characters without spaces', abort: true })
  .refine(isHttpUrl, 'must be an http or https URL');

function object<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.looseObject(shape, { error: (issue) => (issue.input == null ? 'is missing' : 'must be an object') });
}

// Loose: only these fields are checked; everything else in the activity passes through untouched.
const ActivityFieldsSchema = z.looseObject({
  serviceUrl,
  id: optionalId,
  replyToId: optionalId,
  conversation: object({ id: requiredId, tenantId: stringField(false).nullish() }),
  // Read by the turn (who asks, in which language, what), never sent in a URL or header: only their type matters.
  from: object({ id: stringField(false).nullish(), aadObjectId: stringField(false).nullish() }).nullish(),
  recipient: object({ id: stringField(false).nullish() }).nullish(),
  locale: stringField(false).nullish(),
  text: stringField(false).nullish(),
});

type ActivityFields = z.infer<typeof ActivityFieldsSchema>;

/** Names the largest field when the reply's address would not fit in MAX_REPLY_ADDRESS_BYTES. */
function tooLong(activity: ActivityFields): string | undefined {
  const inUrl = (value: string | null | undefined) => encodeURIComponent(value ?? '').length;
  const conversationId = activity.conversation.id;
  const bytes = {
    serviceUrl: activity.serviceUrl.length,
    'conversation.id': inUrl(conversationId) + conversationId.length,
    id: inUrl(activity.id),
    replyToId: inUrl(activity.replyToId),
  };
  // A reply names `id`; replacing a card names `replyToId` instead, never both.
  const total = bytes.serviceUrl + bytes['conversation.id'] + Math.max(bytes.id, bytes.replyToId);
  if (total <= MAX_REPLY_ADDRESS_BYTES) return undefined;
  const [largest] = Object.entries(bytes).sort((a, b) => b[1] - a[1]);
  return (
    `activity ${largest?.[0]} is too long: the reply would carry ${total} bytes of ids and serviceUrl ` +
    `in its URL and headers (at most ${MAX_REPLY_ADDRESS_BYTES})`
  );
}

/**
 * Why an activity cannot be answered, naming the field ("activity
 * conversation.id may only contain printable ASCII characters"), or
 * undefined when it can.
 */
export function activityProblem(activity: object): string | undefined {
  const result = ActivityFieldsSchema.safeParse(activity);
  if (result.success) return tooLong(result.data);
  const [issue] = result.error.issues;
  return issue && `activity ${issue.path.join('.')} ${issue.message}`;
}
