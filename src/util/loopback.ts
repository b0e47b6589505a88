/**
 * A name that always means this machine: localhost and its subdomains (RFC 6761: browsers
 * resolve them to loopback themselves, whatever DNS says), 127.0.0.0/8 and [::1], as a URL's
 * hostname or a Host header's name spells them. Pure.
 */
export function isLoopbackName(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'localhost' || n.endsWith('.localhost') || n === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(n);
}
