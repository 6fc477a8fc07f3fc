// A real OpenID provider (the `oidc-provider` package) for the console's single sign-on tests, run as
// its own process: `node test/support/oidc-provider.mjs <port> <redirect_uri>`. Any login name is
// accepted at its development login form; the account's email is the login, and its `groups` claim
// comes from the name's part before the '@' (`admin.alice@example.com` → ["admin"]).
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
    const email = id.includes('@') ? id.toLowerCase() : `${id.toLowerCase()}@example.com`;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email, email_verified: true, name: email.split('@')[0], groups: email.split('@')[0].split('.').slice(0, -1) };
      },
    };
  },
  cookies: { keys: ['alltokens-oidc-test-cookie-key'] },
  ttl: { Session: 600, Interaction: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc provider listening on ${issuer}`));
