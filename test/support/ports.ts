export { freePort } from '@alltokens/stack';
