export { signBody, verifySignature, SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS } from './signature';
export { toSlackMessage } from './slack-message';
export { deliverAlert, renderDelivery, DeliveryError, type AlertDestination } from './delivery';
