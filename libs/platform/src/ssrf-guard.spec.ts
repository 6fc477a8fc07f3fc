import { createServer, type Server } from 'node:http';
import { getDefaultAutoSelectFamily, setDefaultAutoSelectFamily, type AddressInfo } from 'node:net';
import { request } from 'undici';
import { assertPublicUrl, createGuardedDispatcher, SsrfError, type HostLookup } from './ssrf-guard';

const resolvesTo =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function reasonFor(url: string, options = {}): Promise<string | undefined> {
  try {
    await assertPublicUrl(url, options);
    return undefined;
  } catch (error) {
    if (!(error instanceof SsrfError)) throw error;
    return error.reason;
  }
}

describe('assertPublicUrl', () => {
  describe('IP literals', () => {
    it.each([
      ['http://127.0.0.1/', 'loopback'],
      ['http://127.255.255.254/', 'loopback'],
      ['http://2130706433/', 'loopback'],
      ['http://0x7f000001/', 'loopback'],
      ['http://0x7f.0.0.1/', 'loopback'],
      ['http://0177.0.0.1/', 'loopback'],
      ['http://017700000001/', 'loopback'],
      ['http://127.1/', 'loopback'],
      ['http://127.0.0.1./', 'loopback'],
      ['http://[::1]/', 'loopback'],
      ['http://[0:0:0:0:0:0:0:1]/', 'loopback'],
      ['http://10.0.0.1/', 'private'],
      ['http://172.16.0.1/', 'private'],
      ['http://172.31.255.255/', 'private'],
      ['http://192.168.1.1/', 'private'],
      ['http://[fc00::1]/', 'private'],
      ['http://[fd12:3456::1]/', 'private'],
      ['http://169.254.1.1/', 'link_local'],
      ['http://[fe80::1]/', 'link_local'],
      ['http://169.254.169.254/latest/meta-data/', 'metadata'],
      ['http://[fd00:ec2::254]/', 'metadata'],
      ['http://100.100.100.200/', 'metadata'],
      ['http://100.64.0.1/', 'cgnat'],
      ['http://100.127.255.255/', 'cgnat'],
      ['http://0.0.0.0/', 'unspecified'],
      ['http://0/', 'unspecified'],
      ['http://0.1.2.3/', 'unspecified'],
      ['http://[::]/', 'unspecified'],
      ['http://224.0.0.1/', 'multicast'],
      ['http://239.255.255.250/', 'multicast'],
      ['http://[ff02::1]/', 'multicast'],
      ['http://240.0.0.1/', 'reserved'],
      ['http://255.255.255.255/', 'reserved'],
      ['http://192.0.2.1/', 'reserved'],
      ['http://198.18.0.1/', 'reserved'],
      ['http://[2001:db8::1]/', 'reserved'],
      ['http://[::7f00:1]/', 'reserved'],
      ['http://[::ffff:127.0.0.1]/', 'loopback'],
      ['http://[::ffff:7f00:1]/', 'loopback'],
      ['http://[::ffff:10.0.0.1]/', 'private'],
      ['http://[::ffff:169.254.169.254]/', 'metadata'],
      ['http://[64:ff9b::127.0.0.1]/', 'loopback'],
      ['http://[64:ff9b::a9fe:a9fe]/', 'metadata'],
      ['http://[64:ff9b:1::1]/', 'reserved'],
      ['http://[2002:7f00:1::]/', 'loopback'],
      ['http://[2002:c0a8:101::1]/', 'private'],
    ])('refuses %s (%s)', async (url, reason) => {
      expect(await reasonFor(url)).toBe(reason);
    });

    it.each([
      'http://8.8.8.8/',
      'https://1.1.1.1/v1',
      'http://172.32.0.1/',
      'http://100.128.0.1/',
      'http://[2606:4700:4700::1111]/',
      'http://[::ffff:8.8.8.8]/',
      'http://[64:ff9b::808:808]/',
      'http://[2002:808:808::1]/',
    ])('accepts the public address %s', async (url) => {
      expect(await reasonFor(url)).toBeUndefined();
    });
  });

  describe('URL shape', () => {
    it.each([
      ['file:///etc/passwd', 'protocol'],
      ['gopher://example.com/', 'protocol'],
      ['ftp://example.com/', 'protocol'],
      ['http://user:pass@example.com/', 'userinfo'],
      ['http://127.0.0.1:80@example.com/', 'userinfo'],
      ['not a url', 'invalid_url'],
    ])('refuses %s (%s)', async (url, reason) => {
      expect(await reasonFor(url, { lookup: resolvesTo('93.184.216.34') })).toBe(reason);
    });

    it('throws an SsrfError with a message naming the host', async () => {
      await expect(assertPublicUrl('http://10.1.2.3/')).rejects.toThrow('Host 10.1.2.3 is not allowed: private address');
    });
  });

  describe('DNS names', () => {
    it('accepts a name whose every address is public', async () => {
      await expect(assertPublicUrl('https://api.example.com/v1', { lookup: resolvesTo('93.184.216.34', '2606:2800:220:1::1') })).resolves.toBeUndefined();
    });

    it('refuses a name that resolves to a private address', async () => {
      await expect(assertPublicUrl('https://internal.example.com/', { lookup: resolvesTo('10.0.0.7') })).rejects.toMatchObject({
        reason: 'private',
        message: 'Host internal.example.com (resolves to 10.0.0.7) is not allowed: private address',
      });
    });

    it('refuses a name when any one of its addresses is not public', async () => {
      expect(await reasonFor('https://mixed.example.com/', { lookup: resolvesTo('93.184.216.34', '::ffff:127.0.0.1') })).toBe('loopback');
    });

    it('refuses localhost through the real resolver', async () => {
      expect(await reasonFor('http://localhost:8080/')).toBe('loopback');
    });

    it.each(['http://metadata.google.internal/computeMetadata/v1/', 'http://METADATA.google.internal./', 'http://metadata/'])(
      'refuses the metadata hostname %s without resolving it',
      async (url) => {
        const lookup = jest.fn(resolvesTo('93.184.216.34'));
        expect(await reasonFor(url, { lookup })).toBe('metadata');
        expect(lookup).not.toHaveBeenCalled();
      },
    );

    it('refuses a name that does not resolve', async () => {
      const lookup: HostLookup = async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
      };
      await expect(assertPublicUrl('http://nowhere.invalid/', { lookup })).rejects.toMatchObject({ reason: 'unresolvable' });
      expect(await reasonFor('http://nothing.example/', { lookup: resolvesTo() })).toBe('unresolvable');
    });
  });

  describe('escape hatches', () => {
    it('allowPrivate lets loopback, private, link-local and CGNAT through', async () => {
      for (const url of ['http://127.0.0.1:11434/', 'http://[::1]/', 'http://10.0.0.1/', 'http://169.254.1.1/', 'http://100.64.0.1/']) {
        expect(await reasonFor(url, { allowPrivate: true })).toBeUndefined();
      }
      expect(await reasonFor('http://ollama.lan/', { allowPrivate: true, lookup: resolvesTo('192.168.1.20') })).toBeUndefined();
    });

    it('allowPrivate still refuses metadata, multicast, reserved and unspecified addresses', async () => {
      expect(await reasonFor('http://169.254.169.254/', { allowPrivate: true })).toBe('metadata');
      expect(await reasonFor('http://metadata.google.internal/', { allowPrivate: true })).toBe('metadata');
      expect(await reasonFor('http://224.0.0.1/', { allowPrivate: true })).toBe('multicast');
      expect(await reasonFor('http://240.0.0.1/', { allowPrivate: true })).toBe('reserved');
      expect(await reasonFor('http://0.0.0.0/', { allowPrivate: true })).toBe('unspecified');
    });

    it('allowHosts trusts the listed hosts only, case-insensitively', async () => {
      const options = { allowHosts: ['Vllm.Internal', '10.0.0.5', '[::1]'], lookup: resolvesTo('10.0.0.9') };
      expect(await reasonFor('http://vllm.internal:8000/v1', options)).toBeUndefined();
      expect(await reasonFor('http://10.0.0.5/', options)).toBeUndefined();
      expect(await reasonFor('http://[::1]/', options)).toBeUndefined();
      expect(await reasonFor('http://other.internal/', options)).toBe('private');
      expect(await reasonFor('http://10.0.0.6/', options)).toBe('private');
    });

    it('escape hatches never allow other protocols or userinfo', async () => {
      expect(await reasonFor('file:///etc/passwd', { allowPrivate: true, allowHosts: [''] })).toBe('protocol');
      expect(await reasonFor('http://u:p@vllm.internal/', { allowHosts: ['vllm.internal'] })).toBe('userinfo');
    });
  });
});

describe('createGuardedDispatcher', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/target' }).end();
        return;
      }
      res.end('reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function get(url: string, dispatcher: ReturnType<typeof createGuardedDispatcher>) {
    try {
      const response = await request(url, { dispatcher });
      return { status: response.statusCode, body: await response.body.text(), location: response.headers.location };
    } finally {
      await dispatcher.close();
    }
  }

  it.each(['127.0.0.1', '[::ffff:127.0.0.1]', '[::1]'])('refuses to connect to the loopback literal %s', async (host) => {
    const error = await get(`http://${host}:${port}/`, createGuardedDispatcher()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SsrfError);
    expect(error).toMatchObject({ reason: 'loopback' });
  });

  it('refuses a name that resolves to loopback at connect time', async () => {
    await expect(get(`http://localhost:${port}/`, createGuardedDispatcher())).rejects.toMatchObject({ name: 'SsrfError', reason: 'loopback' });
  });

  it('refuses a name that resolved public at validation and private at connect time (DNS rebinding)', async () => {
    const answers = ['93.184.216.34', '127.0.0.1'];
    const lookup: HostLookup = async () => [{ address: answers.shift() ?? '127.0.0.1', family: 4 }];
    const url = `http://rebind.example:${port}/`;
    await expect(assertPublicUrl(url, { lookup })).resolves.toBeUndefined();
    await expect(get(url, createGuardedDispatcher({ lookup }))).rejects.toMatchObject({ reason: 'loopback' });
  });

  it('connects to a local server with allowPrivate, through the injected resolver', async () => {
    const response = await get(`http://models.lan:${port}/`, createGuardedDispatcher({ allowPrivate: true, lookup: resolvesTo('127.0.0.1') }));
    expect(response).toMatchObject({ status: 200, body: 'reached' });
    expect(await get(`http://127.0.0.1:${port}/`, createGuardedDispatcher({ allowPrivate: true }))).toMatchObject({ status: 200 });
  });

  it('answers single-address lookups when happy eyeballs is off', async () => {
    const previous = getDefaultAutoSelectFamily();
    setDefaultAutoSelectFamily(false);
    try {
      const options = { lookup: resolvesTo('127.0.0.1') };
      await expect(get(`http://local.test:${port}/`, createGuardedDispatcher(options))).rejects.toMatchObject({ reason: 'loopback' });
      const allowed = createGuardedDispatcher({ ...options, allowPrivate: true });
      expect(await get(`http://local.test:${port}/`, allowed)).toMatchObject({ status: 200 });
    } finally {
      setDefaultAutoSelectFamily(previous);
    }
  });

  it('connects to an allowed host', async () => {
    expect(await get(`http://127.0.0.1:${port}/`, createGuardedDispatcher({ allowHosts: ['127.0.0.1'] }))).toMatchObject({ status: 200 });
  });

  it('returns a redirect instead of following it', async () => {
    const response = await get(`http://127.0.0.1:${port}/redirect`, createGuardedDispatcher({ allowPrivate: true }));
    expect(response).toMatchObject({ status: 302, location: '/target' });
  });
});
