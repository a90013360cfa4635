/**
 * The whole bridge: window.workbench.invoke(method, request). Only contract methods cross;
 * main/ipc.ts validates every payload and the sender. Kept tiny because it runs sandboxed: the
 * build inlines the channel name, so the preload requires nothing but electron.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL } from './app-protocol';

contextBridge.exposeInMainWorld('workbench', {
  invoke: (method: string, request: unknown) => ipcRenderer.invoke(API_CHANNEL, method, request),
});
