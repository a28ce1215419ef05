/**
 * Profile loader: the targets by name, and resolution of a name or a profile object.
 */
import type { Profile } from '../profile.ts';
import { apu4d4 } from './apu4d4.ts';
import { threadripper1900x } from './threadripper-1900x.ts';

export type TargetName = 'apu4d4' | 'threadripper-1900x';

export const TARGETS: readonly TargetName[] = ['apu4d4', 'threadripper-1900x'];

/** The built-in profiles, by target name. */
export const profiles: Readonly<Record<TargetName, Profile>> = {
  apu4d4,
  'threadripper-1900x': threadripper1900x,
};

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
