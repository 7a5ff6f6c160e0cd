import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSignedIn } from '../test-session';
import { RotateSecretButton } from './RotateSecretButton';

afterEach(cleanup);

/** Clicks only, but the machine is shared: generous, never a timed assertion. */
const SLOW_MACHINE_MS = 30_000;

describe('RotateSecretButton (defect 14)', () => {
  it(
    'rotates only after a confirmation that says the handset is cut off, then says what to do next',
    async () => {
      const rotate = vi.fn(() => Promise.resolve(true));
      renderSignedIn(<RotateSecretButton serial="HK-7" onRotate={rotate} />, { username: 'admin', role: 'admin' });
      fireEvent.click(screen.getByRole('button', { name: 'Rotate secret' }));
      expect(rotate).not.toHaveBeenCalled();
      expect(screen.getByRole('alertdialog').textContent).toMatch(/HK-7.*presses are refused/);
      fireEvent.click(screen.getByRole('button', { name: 'Keep the secret' }));
      expect(rotate).not.toHaveBeenCalled();
      fireEvent.click(screen.getByRole('button', { name: 'Rotate secret' }));
      fireEvent.click(screen.getByRole('button', { name: 'Rotate now' }));
      expect(rotate).toHaveBeenCalledTimes(1);
      await waitFor(() => expect(screen.getByTestId('rotate-next-step').textContent).toMatch(/put the new secret on handset HK-7 now/));
    },
    SLOW_MACHINE_MS,
  );

  it(
    'says nothing of a next step when the rotation failed',
    async () => {
      renderSignedIn(<RotateSecretButton serial="HK-8" onRotate={() => Promise.resolve(false)} />, { username: 'admin', role: 'admin' });
      fireEvent.click(screen.getByRole('button', { name: 'Rotate secret' }));
      fireEvent.click(screen.getByRole('button', { name: 'Rotate now' }));
      await waitFor(() => expect(screen.getByRole('button', { name: 'Rotate secret' })).toBeTruthy());
      expect(screen.queryByTestId('rotate-next-step')).toBeNull();
    },
    SLOW_MACHINE_MS,
  );
});
