/** PEP 440's version syntax (packaging's VERSION_PATTERN), for telling a real pin from a typo. */

const VERSION = String.raw`v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*(?:[-_.]?(?:alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*)?(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?(?:[-_.]?dev[-_.]?[0-9]*)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?`;

const EXACT = new RegExp(`^${VERSION}$`, 'i');

/** A PEP 440 version, as `==` accepts it without a wildcard (`1.2.3`, `2.0rc1`, `1.0+local`). */
export function isPep440Version(text: string): boolean {
  return EXACT.test(text.trim());
}
