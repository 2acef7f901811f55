import type { PushOrigin } from '../findings.js';
import type { TreeEntry } from './parse.js';

/**
 * A file to judge. For pre-push, also where it came from: the commit whose
 * tree holds it (`tree`: its manifest's includes are read there) and, per
 * pushed ref, the commit that introduced it (`origin`, for the report).
 * Below both git/push.ts, which builds targets, and pipeline.ts, which judges them.
 */
export type Target = TreeEntry & { origin?: PushOrigin[]; tree?: string };
