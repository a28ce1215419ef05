/**
 * The built-in targets by name (the paper's two machines), and resolution of a name or a profile
 * object. This machine's profile comes from `p4ts model --calibrate` (`local-profile.ts`).
 */
import type { Profile } from '../profile.ts';
import { paperProfiles } from './paper.ts';

export type TargetName = 'apu4d4' | 'threadripper-1900x';

export const TARGETS: readonly TargetName[] = ['apu4d4', 'threadripper-1900x'];

/** The built-in profiles, by target name (with the committed fitted values). */
export const profiles: Readonly<Record<TargetName, Profile>> = paperProfiles();

export function isTargetName(name: string): name is TargetName {
  return (TARGETS as readonly string[]).includes(name);
}

/** The profile named `name`; throws with the known names when there is none. */
export function loadProfile(name: string): Profile {
  if (!isTargetName(name)) throw new Error(`unknown target '${name}' (known: ${TARGETS.join(', ')})`);
  return profiles[name];
}

export function resolveProfile(target: TargetName | Profile): Profile {
  return typeof target === 'string' ? loadProfile(target) : target;
}
