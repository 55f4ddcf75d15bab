import type { Actor } from '../audit';
import type { OperatorView } from './sessions';

/** How an operator's changes are signed in the audit log. */
export function operatorActor(operator: OperatorView): Actor {
  return { label: operator.email, operatorId: operator.id };
}
