import argon2 from 'argon2';
import crypto from 'node:crypto';

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export const generatePassword = (): string => crypto.randomBytes(15).toString('base64url');
