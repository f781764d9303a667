// Every text a user can read from uploads, in one place.

export const uploadTooLargeMessage = (name: string, size: number, maxSize: number) =>
  `Upload "${name}" is ${size} bytes; the limit is ${maxSize} bytes.`;

export const uploadOverflowMessage = (name: string, size: number) =>
  `Upload "${name}" sent more than the ${size} bytes it declared.`;

export const uploadIncompleteMessage = (name: string, received: number, size: number) =>
  `Upload "${name}" ended after ${received} of its ${size} bytes.`;

export const chunkTooLargeMessage = (length: number, chunkSize: number) =>
  `A chunk of ${length} bytes is larger than the ${chunkSize} bytes this upload accepts.`;

export const chunkOutOfOrderMessage = (expected: number, got: number) =>
  `A chunk at byte ${got} came where byte ${expected} was expected.`;

export const uploadNotFoundMessage = (id: string) =>
  `No upload "${id}" is running on this connection (it ended, failed or was dropped).`;

export const tooManyUploadsMessage = (max: number) => `At most ${max} uploads may run at once on this event.`;

export const uploadAbortedMessage = (name: string, reason: 'client' | 'disconnect' | 'idle' | 'handler') =>
  ({
    client: `Upload "${name}" was aborted by the client.`,
    disconnect: `Upload "${name}" was cut off: the connection closed.`,
    idle: `Upload "${name}" was dropped: no chunk came in time.`,
    handler: `Upload "${name}" was dropped: its handler finished before reading it.`,
  })[reason];

export const invalidUploadMessage = (problem: string) => `Invalid upload message: ${problem}.`;

export const invalidUploadOptionMessage = (event: string, option: string, expected: string, got: unknown) =>
  `@OnUpload("${event}"): option "${option}" must be ${expected}; got ${JSON.stringify(got) ?? String(got)}.`;

export const uploadHandlerFailedMessage = (event: string) => `The handler of upload event "${event}" failed`;
