export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * The live connection to the API, as screens show it. `generation` grows on every (re)connection after the first:
 * views watch it to reload their full picture, since events sent while disconnected are gone.
 */
export class ConnectionState {
  status = $state<ConnectionStatus>('connecting');
  generation = $state(0);
  #everConnected = false;

  connecting() {
    this.status = 'connecting';
  }

  connected() {
    if (this.#everConnected) this.generation += 1;
    this.#everConnected = true;
    this.status = 'connected';
  }

  disconnected() {
    this.status = 'disconnected';
  }
}
