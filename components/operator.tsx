'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { hasRole, type Role } from '@/lib/auth/roles';

export interface SignedInOperator {
  id: number;
  email: string;
  name: string;
  role: Role;
}

const OperatorContext = createContext<SignedInOperator | undefined>(undefined);

/** The console layout checked the session on the server and hands the operator down to client components. */
export function OperatorProvider({ operator, children }: { operator: SignedInOperator; children: ReactNode }) {
  return <OperatorContext.Provider value={operator}>{children}</OperatorContext.Provider>;
}

export function useOperator(): SignedInOperator {
  const operator = useContext(OperatorContext);
  if (!operator) throw new Error('useOperator() is only available inside the console layout');
  return operator;
}

/** Whether the signed-in operator may do what needs `role`: controls are hidden or disabled, the server refuses anyway. */
export function useCan(role: Role): boolean {
  return hasRole(useOperator().role, role);
}
