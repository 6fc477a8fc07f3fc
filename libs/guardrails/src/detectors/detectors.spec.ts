import { findCardNumbers } from './card-number';
import { findEmails } from './email';
import { findIbans, ibanChecksumValid } from './iban';
import { luhnValid } from './luhn';
import { findPhoneNumbers } from './phone';
import { findSecrets } from './secret';
import type { Span } from './span';

const matched = (text: string, find: (text: string) => Span[]) => find(text).map((span) => text.slice(span.start, span.end));

describe('Luhn', () => {
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '79927398713'])('accepts %s', (n) => expect(luhnValid(n)).toBe(true));
  it.each(['4111111111111112', '1234567812345678', '79927398710', ''])('refuses %s', (n) => expect(luhnValid(n)).toBe(false));
});

describe('IBAN mod-97', () => {
  it.each(['GB82WEST12345698765432', 'DE89370400440532013000', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'NO9386011117947'])('accepts %s', (iban) => expect(ibanChecksumValid(iban)).toBe(true));
  it.each(['GB82WEST12345698765431', 'DE89370400440532013001', 'GB00WEST12345698765432'])('refuses %s', (iban) => expect(ibanChecksumValid(iban)).toBe(false));
});

describe('card numbers', () => {
  it('finds grouped and plain numbers that pass Luhn', () => {
    expect(matched('pay with 4111 1111 1111 1111 or 5555-5555-5555-4444, amex 378282246310005.', findCardNumbers)).toEqual([
      '4111 1111 1111 1111',
      '5555-5555-5555-4444',
      '378282246310005',
    ]);
  });
  it('ignores numbers failing Luhn, too short or too long, and digits inside words', () => {
    expect(matched('order 4111 1111 1111 1112, id 1234567890, x4111111111111111, 41111111111111111111111', findCardNumbers)).toEqual([]);
  });
});

describe('IBANs', () => {
  it('finds compact and grouped IBANs of the right length and checksum', () => {
    expect(matched('to GB82 WEST 1234 5698 7654 32 or DE89370400440532013000, thanks', findIbans)).toEqual(['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000']);
  });
  it('ignores a bad checksum, a wrong length and unknown countries', () => {
    expect(matched('GB82 WEST 1234 5698 7654 31, DE8937040044053201300, ZZ82WEST12345698765432', findIbans)).toEqual([]);
  });
});

describe('emails', () => {
  it('finds addresses and stops at punctuation around them', () => {
    expect(matched('Mail <alice.smith+tag@mail.example.co.uk>, or bob@example.org.', findEmails)).toEqual(['alice.smith+tag@mail.example.co.uk', 'bob@example.org']);
  });
  it('ignores handles and addresses without a domain', () => {
    expect(matched('ping @alice, user@localhost, a@b.c, @@@', findEmails)).toEqual([]);
  });
});

describe('phone numbers', () => {
  it('finds international and written national numbers', () => {
    expect(matched('call +44 20 7946 0958, (415) 555-0100 or 415.555.0199; +14155550100', findPhoneNumbers)).toEqual([
      '+44 20 7946 0958',
      '(415) 555-0100',
      '415.555.0199',
      '+14155550100',
    ]);
  });
  it('ignores dates, IP addresses, bare digit runs and short numbers', () => {
    expect(matched('on 2024-01-15 at 10.0.0.1 from 192.168.100.200, ts 1700000000, code 555-0100', findPhoneNumbers)).toEqual([]);
  });
});

describe('secrets', () => {
  it('finds provider key shapes', () => {
    const keys = [
      'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      'sk-ant-api03-AbCdEfGhIjKlMnOpQrSt',
      'AKIAIOSFODNN7EXAMPLE',
      'ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ',
      'xoxb-1234567890-abcdefghij',
      'AIzaSyA1234567890abcdefghijklmnopqrstuv',
      'sk-at-v1-abcdefghijklmnopqrstuvwxyz0123456789ABCDabc123',
    ];
    for (const key of keys) expect(matched(`my key is ${key}.`, findSecrets)).toEqual([key]);
  });
  it('finds JWTs, PEM private keys and high-entropy tokens', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    const token = 'Zq8Lm2Xv9Rt4Yw7Kp3Nb6Hc1Jd5Fg0SaQe';
    expect(matched(`auth ${jwt} and\n${pem}\nand ${token}`, findSecrets)).toEqual([jwt, pem, token]);
  });
  it('leaves commit hashes, UUIDs, paths and prose alone', () => {
    const text = 'commit 9fceb02d0ae598e95dc970b74767f19372d61af8, id 550e8400-e29b-41d4-a716-446655440000, /usr/local/lib/node_modules/typescript and plain words';
    expect(matched(text, findSecrets)).toEqual([]);
  });
});

describe('linear time', () => {
  it('scans 1 MB of adversarial input per detector in well under a second', () => {
    const inputs = ['a'.repeat(1_000_000), '1 '.repeat(500_000), '@'.repeat(1_000_000), 'a@'.repeat(500_000), 'GB82'.repeat(250_000), '+1'.repeat(500_000)];
    for (const find of [findCardNumbers, findEmails, findIbans, findPhoneNumbers, findSecrets]) {
      for (const input of inputs) {
        const started = performance.now();
        find(input);
        expect(performance.now() - started).toBeLessThan(1500);
      }
    }
  });
});
