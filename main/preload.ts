/**
 * The whole bridge: window.workbench.invoke(method, request). Only contract methods cross;
 * main/ipc.ts validates every payload and the sender. Kept tiny and dependency-free because it
 * runs sandboxed.
 */
import { contextBridge, ipcRenderer } from 'electron';

const CHANNEL = 'workbench:api';

contextBridge.exposeInMainWorld('workbench', {
  invoke: (method: string, request: unknown) => ipcRenderer.invoke(CHANNEL, method, request),
});
