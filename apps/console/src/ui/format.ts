const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });
const usdShort = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat('en-US');

export const formatUsd = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value >= 1 || value === 0 ? usdShort.format(value) : usd.format(value));
export const formatCount = (value: number) => (value < 10_000 ? integer.format(value) : count.format(value));
export const formatMs = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
export const formatPercent = (value: number) => `${(value * 100).toFixed(value < 0.01 && value > 0 ? 2 : 1)} %`;
export const formatTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : '—');
export const formatShortTime = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
