// The example portal's own script: mounts the second closing with mount() and logs every
// event Cuadra dispatches, as a portal listening on `document` receives them.
import { mount } from './static/cuadra/cuadra-embed.js';

/** The second closing's options: its period, client and settings (a result document's `configuracion`). */
const ABRIL = {
  periodo: '2025-04',
  rut_empresa: '77654321-7',
  configuracion: { tolerancia: 0, reportar_solo_libro: true },
};

const registro = document.getElementById('registro-eventos');

function anotar(evento) {
  const origen = evento.target.id || evento.target.localName;
  const linea = document.createElement('li');
  linea.dataset.evento = evento.type;
  linea.dataset.origen = origen;
  if (evento.type === 'cuadra:estado') {
    linea.textContent = `${origen}: ${evento.detail.etiqueta} (${evento.detail.estado})`;
  } else {
    const { cierre, resumen, estado } = evento.detail;
    linea.textContent = `${origen}: resultado ${cierre.periodo} ${cierre.rut_empresa} — ${resumen.total} discrepancias, ${estado}`;
  }
  registro.append(linea);
}

document.addEventListener('cuadra:estado', anotar);
document.addEventListener('cuadra:resultado', anotar);

const elemento = document.getElementById('cierre-abril');
const boton = document.getElementById('alternar-abril');
let abril = await mount(elemento, ABRIL);

boton.addEventListener('click', async () => {
  if (abril) {
    abril.unmount();
    abril = null;
    boton.textContent = 'Abrir este cierre';
  } else {
    abril = await mount(elemento, ABRIL);
    boton.textContent = 'Cerrar este cierre';
  }
});
