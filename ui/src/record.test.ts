// The Verify screen's inspection record (打印/导出核查记录), through the typed
// IPC mock: the export after a verdict (save dialog or typed path), the
// note, the last check or the session, an error shown, both languages.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { setLang } from './lib/i18n.svelte';
import { ipc, setIpc } from './lib/ipc';
import { FIXTURES, createMockIpc, recordedError, type MockIpc } from './lib/ipc-mock';
import type { RecordExportRequest } from './lib/bindings';
import Verify from './screens/Verify.svelte';

const mock = () => ipc() as MockIpc;
const exports = () => mock().calls.filter((c) => c.name === 'recordExport').map((c) => c.args[0] as RecordExportRequest);

async function verifyOnce(text = 'BC1:ABC') {
  const input = screen.getByTestId('qr-input') as HTMLInputElement;
  await fireEvent.input(input, { target: { value: text } });
  await fireEvent.click(screen.getByTestId('verify-submit'));
  await waitFor(() => expect(screen.getByTestId('verdict')).toBeTruthy());
}

describe('Verify: the inspection record', () => {
  it('is offered only once something was checked', async () => {
    render(Verify);
    await waitFor(() => expect(mock().calls.some((c) => c.name === 'recordSession')).toBe(true));
    expect(screen.queryByTestId('record')).toBeNull();
    expect(screen.queryByRole('button', { name: '打印/导出核查记录' })).toBeNull();
  });

  it('exports the verdict on screen with the note through the save dialog', async () => {
    setIpc(createMockIpc({ pickedSavePath: '/home/inspector/记录.pdf', recordAnswer: { path: '/home/inspector/记录.pdf', checks: 1 } }));
    render(Verify);
    await verifyOnce();
    const button = await screen.findByRole('button', { name: '打印/导出核查记录' });
    await fireEvent.input(screen.getByLabelText('检查员备注（可选）'), { target: { value: '东门 第二批' } });
    expect((screen.getByTestId('record-scope-last') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('record-saved').textContent).toContain('/home/inspector/记录.pdf'));
    expect(screen.getByTestId('record-saved').textContent).toContain('核查记录已保存（1 次核验）');
    const pick = mock().calls.find((c) => c.name === 'pickSavePath');
    expect(pick?.args.slice(0, 2)).toEqual(['核查记录（PDF）', ['pdf']]);
    expect(pick?.args[2]).toMatch(/buildcert-inspection-record-.*\.pdf$/);
    expect(exports()).toEqual([{ path: '/home/inspector/记录.pdf', note: '东门 第二批', session: false }]);
  });

  it('cancelling the dialog writes nothing', async () => {
    render(Verify);
    await verifyOnce();
    await fireEvent.click(await screen.findByTestId('record-export'));
    await waitFor(() => expect(mock().calls.some((c) => c.name === 'pickSavePath')).toBe(true));
    expect(exports()).toEqual([]);
    expect(screen.queryByTestId('record-saved')).toBeNull();
  });

  it('exports every check of the session to a typed path, without a note', async () => {
    render(Verify);
    await verifyOnce();
    await verifyOnce('BC1:DEF');
    await waitFor(() => expect(screen.getByTestId('record-scope-session').parentElement?.textContent).toContain('2 次'));
    await fireEvent.click(screen.getByTestId('record-scope-session'));
    const path = screen.getByLabelText('或输入保存路径（.pdf）') as HTMLInputElement;
    expect(path.value).toMatch(/\.pdf$/);
    await fireEvent.input(path, { target: { value: '/home/user/files/record' } });
    await fireEvent.click(screen.getByTestId('record-path-submit'));
    // What the backend answered for a session written to a path without .pdf.
    const { path: written, checks } = FIXTURES.RECORD_EXPORT;
    await waitFor(() => expect(screen.getByTestId('record-saved').textContent).toContain(written));
    expect(screen.getByTestId('record-saved').textContent).toContain(`${checks} 次核验`);
    expect(exports()).toEqual([{ path: '/home/user/files/record', note: null, session: true }]);
  });

  it('keeps the session after a read error, and only the session can be exported then', async () => {
    render(Verify);
    await verifyOnce();
    mock().outcome = recordedError('no_trust_list');
    await fireEvent.click(screen.getByTestId('verify-submit'));
    await waitFor(() => expect(screen.getByTestId('verdict').textContent).toContain('无法读取'));
    await waitFor(() => expect((screen.getByTestId('record-scope-last') as HTMLInputElement).disabled).toBe(true));
    expect((screen.getByTestId('record-scope-session') as HTMLInputElement).checked).toBe(true);
  });

  it('shows why the record could not be written', async () => {
    setIpc(createMockIpc({ pickedSavePath: 'r.pdf', recordAnswer: recordedError('record_relative') }));
    render(Verify);
    await verifyOnce();
    await fireEvent.click(await screen.findByTestId('record-export'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain(FIXTURES.ERRORS.record_relative.message.zh));
    expect(screen.queryByTestId('record-saved')).toBeNull();
  });

  it('speaks English', async () => {
    setLang('en');
    setIpc(createMockIpc({ pickedSavePath: '/home/inspector/record.pdf', recordAnswer: { path: '/home/inspector/record.pdf', checks: 1 } }));
    render(Verify);
    await verifyOnce();
    expect(await screen.findByRole('heading', { name: 'Inspection record' })).toBeTruthy();
    expect(screen.getByLabelText("Inspector's note (optional)")).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Export inspection record' }));
    await waitFor(() => expect(screen.getByTestId('record-saved').textContent).toContain('Inspection record saved (1 check(s))'));
  });
});
