/**
 * The part of the OSV schema (https://ossf.github.io/osv-schema/) secgate
 * reads, and the interface between the advisory database and the matcher.
 */

/** Links kept per advisory: the index stores no more than reports show. */
export const REFERENCES_SHOWN = 5;

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT' | string;
  events: OsvEvent[];
}

export interface OsvAffected {
  package?: { ecosystem?: string; name?: string; purl?: string };
  ranges?: OsvRange[];
  versions?: string[];
  database_specific?: Record<string, unknown>;
}

export interface OsvSeverity {
  type: 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | string;
  score: string;
  /** Not OSV: the CVSS base score secgate computed when it built the index (null: no valid vector). */
  base?: number | null;
}

export interface OsvRecord {
  id: string;
  modified?: string;
  withdrawn?: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: { type?: string; url?: string }[];
  database_specific?: Record<string, unknown> & { severity?: string };
}

/** An opened advisory database: everything a hook needs, read without network. */
export interface AdvisoryDatabase {
  /** Where it was read from (the zip or the directory), for messages. */
  source: string;
  /** When the data was fetched or last modified, for the staleness warning and `db status`. */
  updated: Date;
  /** Number of advisories in the database. */
  advisories: number;
  /**
   * The non-withdrawn records that name any of these PEP 503 normalised
   * package names in a PyPI `affected` entry, keyed by normalised name.
   * Loads only those packages' records (from the compact index).
   */
  recordsFor(names: string[]): Promise<Map<string, OsvRecord[]>>;
  /** Records by id, for folding aliases that are also records of their own (severity lookups). */
  recordById(id: string): Promise<OsvRecord | undefined>;
}
