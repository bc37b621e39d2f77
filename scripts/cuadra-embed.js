// cuadra-embed.js: Cuadra's embed entry, an ES module at the root of the build output.
// The build hook (scripts/postbuild.mjs) writes it from this file, filling in this build's
// hashed file names; do not edit the copy in dist/.
//
// Importing it registers <cuadra-conciliador> (once, even if the script is loaded twice)
// and exports mount(element, options). Every URL it needs (the page's wasm and glue, both
// workers' loaders) comes from this module's own location, never from the portal page's,
// so dist/ works when copied under any sub-path of the portal's origin.

const GLUE = '__CUADRA_GLUE__';
const WASM = '__CUADRA_WASM__';
const TAG = 'cuadra-conciliador';
const BASE = new URL('./', import.meta.url);

// Elements with a component, shared by every copy of this module on the page (a script
// loaded twice under two URLs is two modules): one component per element.
const MOUNTED = (globalThis[Symbol.for('cuadra.componentes')] ??= new WeakSet());

let started;
/** The constructed stylesheet every component of this module adopts, made on first mount. */
let sheet;

/** The wasm, fetched and started on first use; a failed start is retried on the next. */
function start() {
  started ??= import(new URL(GLUE, BASE).href)
    .then(async (glue) => {
      await glue.default({ module_or_path: new URL(WASM, BASE) });
      return glue;
    })
    .catch((error) => {
      started = undefined;
      throw new Error(`Cuadra no pudo iniciarse desde ${BASE.href}: ${error?.message ?? error}`);
    });
  return started;
}

/**
 * Mounts Cuadra in `element` (in its open shadow root, created if needed). `options` may
 * preset `periodo` ("AAAA-MM"), `rut_empresa` and `configuracion` (shaped like the result
 * document's). Resolves to `{ unmount() }`; rejects with a Spanish message when an option
 * is not valid.
 */
export async function mount(element, options = {}) {
  if (!(element instanceof HTMLElement)) {
    throw new TypeError('mount(elemento, opciones): el primer argumento debe ser un elemento HTML');
  }
  if (MOUNTED.has(element)) {
    throw new Error('Este elemento ya tiene un Cuadra montado: llame a unmount() antes de montar otro');
  }
  MOUNTED.add(element);
  let component;
  try {
    const glue = await start();
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    // One constructed stylesheet for every component this module mounts.
    sheet ??= glue.componentStylesheet();
    component = glue.mountComponent(element, shadow, sheet, JSON.stringify(options ?? {}), BASE.href);
  } catch (error) {
    MOUNTED.delete(element);
    throw error;
  }
  return {
    /** Terminates the component's workers and removes it; a second call does nothing. */
    unmount() {
      if (!component) return;
      component.unmount();
      component.free();
      component = undefined;
      MOUNTED.delete(element);
    },
  };
}

/** `<cuadra-conciliador periodo="2025-03" rut-empresa="76123456-0">`. */
class CuadraConciliador extends HTMLElement {
  static observedAttributes = ['periodo', 'rut-empresa', 'configuracion'];

  #configuracion;
  #component = null;
  #mountedWith = null;
  #error = null;
  // Mounting is asynchronous: changes are applied one after the other, in order.
  #work = Promise.resolve();

  /** The settings and mapping preset, as an object (wins over the attribute). */
  get configuracion() {
    return this.#configuracion;
  }

  set configuracion(value) {
    this.#configuracion = value;
    this.#update();
  }

  connectedCallback() {
    // A portal may set `configuracion` before this module defined the element: that value
    // is an own property hiding the accessor; hand it to the accessor instead.
    if (Object.hasOwn(this, 'configuracion')) {
      const value = this.configuracion;
      delete this.configuracion;
      this.#configuracion = value;
    }
    this.#update();
  }

  disconnectedCallback() {
    // A framework that moves the element removes it and inserts it again: look again after
    // the current task, and keep the component (and the user's files) if it is back.
    setTimeout(() => this.#update(), 0);
  }

  attributeChangedCallback() {
    // A new period, RUT or configuration is another closing: the component starts afresh.
    if (this.isConnected) this.#update();
  }

  #update() {
    // Each step compares what is mounted with what the element asks for now, so extra
    // steps (one per attribute while the element upgrades) do nothing.
    this.#work = this.#work.then(() => this.#apply()).catch((error) => console.error(error));
  }

  #options() {
    const options = {};
    const periodo = this.getAttribute('periodo');
    if (periodo !== null) options.periodo = periodo;
    const rut = this.getAttribute('rut-empresa');
    if (rut !== null) options.rut_empresa = rut;
    if (this.#configuracion !== undefined) {
      options.configuracion = this.#configuracion;
    } else if (this.hasAttribute('configuracion')) {
      try {
        options.configuracion = JSON.parse(this.getAttribute('configuracion'));
      } catch (error) {
        throw new Error(`Opciones de Cuadra no válidas: el atributo configuracion no es JSON (${error.message}).`);
      }
    }
    return options;
  }

  async #apply() {
    let wanted = null;
    let options;
    let failure;
    if (this.isConnected) {
      try {
        options = this.#options();
        wanted = JSON.stringify(options);
      } catch (error) {
        failure = error;
      }
    }
    if (!failure && wanted === this.#mountedWith) return;
    this.#component?.unmount();
    this.#component = null;
    this.#mountedWith = null;
    this.#showError(null);
    if (failure) return this.#showError(failure);
    if (wanted === null) return;
    try {
      this.#component = await mount(this, options);
      this.#mountedWith = wanted;
    } catch (error) {
      this.#showError(error);
    }
  }

  /** A component that cannot start says why, inside the element, instead of staying blank. */
  #showError(error) {
    this.#error?.remove();
    this.#error = null;
    if (!error) return;
    console.error(error);
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.#error = document.createElement('p');
    this.#error.setAttribute('role', 'alert');
    this.#error.setAttribute('part', 'error');
    this.#error.textContent = error.message ?? String(error);
    shadow.append(this.#error);
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, CuadraConciliador);
