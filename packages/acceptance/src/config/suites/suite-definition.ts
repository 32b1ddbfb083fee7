import type { ConnectorKind, SuiteEntries, SuiteName, TestEntryBase } from '../acceptance-config';
import type { ReferencedFiles } from '../referenced-files';
import type { MapShape, YamlMapReader } from '../yaml-map-reader';

/** Keys every entry of every suite accepts. */
export const COMMON_ENTRY_KEYS = ['config_path', 'timeout_seconds'] as const;
export type CommonEntryKey = (typeof COMMON_ENTRY_KEYS)[number];

/** Keys of later CAT versions that need machinery this suite does not have (Dagger client containers, cloud mode). */
export const UNSUPPORTED_CAT_KEY =
  'is a later CAT option this acceptance suite does not implement; remove it (see docs/acceptance-config.md)';

/** Shared refusals: `deployment_mode` is accepted by no suite here. */
export const REFUSED_IN_EVERY_SUITE: Readonly<Record<string, string>> = {
  deployment_mode: `"deployment_mode" ${UNSUPPORTED_CAT_KEY}`,
};

/** The reader of one entry of a suite whose own keys are `Key`. */
export type EntryReader<Key extends string> = YamlMapReader<Key | CommonEntryKey>;

/** What the generic reader has already read from an entry: its config path, timeout and location. */
export type EntryBase = Omit<TestEntryBase, 'params'>;

/** How one suite reads its entries; the registry of suites is the list of these. */
export interface SuiteDefinition<Name extends SuiteName, Key extends string> {
  name: Name;
  /** The entry keys besides `config_path` and `timeout_seconds`, and the keys refused with a reason. */
  shape: MapShape<Key>;
  defaultTimeoutSeconds: number;
  /** Whether `test_strictness_level: high` requires the suite to be declared (for the kinds it applies to). */
  mandatoryAtHighStrictness: boolean;
  /** The kinds of connector the suite tests. */
  appliesTo: readonly ConnectorKind[];
  readEntry(reader: EntryReader<Key>, files: ReferencedFiles, base: EntryBase): SuiteEntries[Name];
  /** The entry's values that may tell it apart from its siblings in a test name, most telling first. */
  describe(entry: SuiteEntries[Name], files: ReferencedFiles): Array<[string, string]>;
}

/** A suite of any name, as the registry holds them. */
export type AnySuiteDefinition = { [Name in SuiteName]: SuiteDefinition<Name, string> }[SuiteName];
