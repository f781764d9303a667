import type { INestApplication } from '@nestjs/common';

/** One visitor's HTTP side: remembers the session cookie the app sets, as a browser tab would. */
export class BrowserSession {
  /** The `Cookie` header to send back; also what a socket of this visitor sends. */
  cookie = '';

  constructor(private readonly app: INestApplication) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any; setCookie: string[] }> {
    const url = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    const response = await fetch(url + path, {
      method,
      headers: {
        ...(this.cookie && { cookie: this.cookie }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie();
    if (setCookie.length) this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, setCookie };
  }

  async login(name: string): Promise<void> {
    const { status, body } = await this.request('POST', '/auth/login', { name });
    if (status !== 200) throw new Error(`login: ${status} ${JSON.stringify(body)}`);
  }
}
