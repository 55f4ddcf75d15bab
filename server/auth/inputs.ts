import { z } from 'zod';
import { minimumPasswordLength } from './passwords';
import { roles } from '../../lib/auth/roles';

export const credentialsSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1000),
});

export const newPasswordSchema = z
  .string()
  .min(minimumPasswordLength, `At least ${minimumPasswordLength} characters.`)
  .max(1000, 'At most 1000 characters.');

export const newOperatorSchema = z.object({
  email: z.email('Enter a valid email address.').max(320),
  name: z.string().trim().max(200).default(''),
  role: z.enum(roles),
  password: newPasswordSchema,
});
