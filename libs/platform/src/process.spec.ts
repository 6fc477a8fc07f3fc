import { lowerCpuPriority } from './process';

describe('lowerCpuPriority', () => {
  it('leaves the priority alone for 0', () => {
    const set = jest.fn();
    expect(lowerCpuPriority(0, set)).toBeNull();
    expect(set).not.toHaveBeenCalled();
  });

  it('sets the nice value, capped at 19', () => {
    const set = jest.fn();
    expect(lowerCpuPriority(25, set)).toBeNull();
    expect(set).toHaveBeenCalledWith(19);
  });

  it('hands back what the OS refused instead of throwing', () => {
    const refusal = new Error('EACCES');
    expect(lowerCpuPriority(10, () => { throw refusal; })).toBe(refusal);
  });
});
