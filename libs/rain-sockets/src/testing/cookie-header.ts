/** Turns `set-cookie` values (or a cookie string) into a `Cookie` header. */
export function cookieHeader(cookie: string | string[]): string {
  const list = Array.isArray(cookie) ? cookie : [cookie];
  return list.map((c) => c.split(';')[0]).join('; ');
}
