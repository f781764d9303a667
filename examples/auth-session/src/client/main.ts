import { NotesClient } from './notes-client.js';

/**
 * `npm run client -- [url] [name]`: logs in, adds a note over the socket, reads it back over
 * HTTP, logs out, and shows the `session_expired` that follows.
 */
const [url = 'http://localhost:3000', name = 'ann'] = process.argv.slice(2);

const client = await NotesClient.login(url, name);
console.log(`logged in as ${client.user.name}`);
const expired = new Promise((resolve) => client.onSessionExpired(resolve));

console.log('over the socket:', await client.addNote(`hello from ${name}`));
console.log('over HTTP:', await client.notesOverHttp());

await client.logout();
console.log('logged out; session_expired:', await expired);
client.close();
