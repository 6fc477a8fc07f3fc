// A real OpenID provider (the `oidc-provider` package) for the console's single sign-on tests, run as
// its own process: `node test/support/oidc-provider.mjs <port> <redirect_uri>`. Any login name is
// accepted at its development login form; the account's email is the login, and its `groups` claim
// comes from the name's part before the '@' (`admin.alice@example.com` → ["admin"]), or from what follows
// a '|' (`dave@example.com|viewer` → dave@example.com in ["viewer"]: one account whose groups change).
import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'alltokens-console',
      client_secret: 'console-test-secret',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    const [login, groups] = id.split('|');
    const email = login.includes('@') ? login.toLowerCase() : `${login.toLowerCase()}@example.com`;
    return {
      accountId: id,
      async claims() {
        const local = email.split('@')[0];
        return { sub: login, email, email_verified: true, name: local, groups: groups === undefined ? local.split('.').slice(0, -1) : groups.split(',') };
      },
    };
  },
  cookies: { keys: ['alltokens-oidc-test-cookie-key'] },
  ttl: { Session: 600, Interaction: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc provider listening on ${issuer}`));
