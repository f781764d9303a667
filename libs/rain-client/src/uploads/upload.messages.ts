// Every text a user of the upload helper can read, in one place.

export const uploadAbortedByCallerMessage = (name: string) => `Upload "${name}" was aborted.`;

export const uploadDisconnectedMessage = (name: string) =>
  `Upload "${name}" was cut off: the connection closed. Nothing of it was kept; upload it again.`;

export const uploadTimeoutMessage = (name: string, ms: number) =>
  `Upload "${name}": the server did not answer within ${ms} ms.`;

export const unreadableSourceMessage = () => 'uploadFile: the file must be a Blob, a File, an ArrayBuffer or a typed array (Buffer included).';
