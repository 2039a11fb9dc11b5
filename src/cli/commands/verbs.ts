/** What each deploy action is called in the terminal's words. */
import type { DeployAction } from '../../engine/deploy/plan.js';

export const VERB: Record<DeployAction, string> = { deploy: 'deploy', restart: 'restart', rollback: 'rollback', 'rollback-patch': 'patch rollback' };
