// vitest: every test starts with a fresh DOM, a fresh mock IPC and Chinese.
import { cleanup } from '@testing-library/svelte';
import { afterEach, beforeEach } from 'vitest';
import { setLang } from './lib/i18n.svelte';
import { setIpc } from './lib/ipc';
import { createMockIpc } from './lib/ipc-mock';
import { resetTenderState } from './lib/tender-state.svelte';

beforeEach(() => {
  setIpc(createMockIpc());
  setLang('zh-CN');
  resetTenderState();
});

afterEach(() => cleanup());
