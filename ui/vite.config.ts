/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Tauri loads ui/dist through its custom protocol; the CSP forbids inline
// scripts and styles, so nothing may be inlined into index.html.
export default defineConfig(({ mode }) => ({
  // svelteTesting: browser build of Svelte and DOM clean-up, for vitest only.
  plugins: mode === 'test' ? [svelte(), svelteTesting()] : [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'safari15',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
}));
