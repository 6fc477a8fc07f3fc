export * from './fidelity';
export * from './fidelity-store';
