import { useState } from 'preact/hooks';
import type { Controller } from '../controller';

export interface SignInProps {
  controller: Controller;
  submitting: boolean;
  error: string | null;
}

export function SignIn({ controller, submitting, error }: SignInProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (submitting) return;
    void controller.signIn(email, password);
  };

  return (
    <main class="signin">
      <form class="signin__card" onSubmit={onSubmit} aria-busy={submitting}>
        <div class="brand brand--large" aria-hidden="true">
          <span class="brand__mark">P</span> Ponte
        </div>
        <h1 class="signin__title">Sign in to the console</h1>
        <label class="field">
          <span class="field__label">Email</span>
          <input
            class="input"
            type="email"
            name="email"
            autocomplete="username"
            required
            autoFocus
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">Password</span>
          <input
            class="input"
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error !== null && (
          <p class="signin__error" role="alert">
            {error}
          </p>
        )}
        {/* The button keeps its name while busy: people and tests look for "Sign in". */}
        <button class="button button--primary button--block" type="submit" disabled={submitting}>
          {submitting && <span class="spinner" aria-hidden="true" />}
          Sign in
        </button>
        <p class="visually-hidden" role="status">
          {submitting ? 'Signing in…' : ''}
        </p>
      </form>
    </main>
  );
}
