/**
 * The Python the remote HAL defines on the board once per connection (all names `_upy_m…`),
 * so that each HAL operation travels as a call of a dozen bytes.
 *
 * Two dialects, chosen by HELPERS_PROBE: boards with `machine.Pin` (a Pico, an ESP32, upy
 * itself) get the full set; the micro:bit's firmware (the QEMU board) has `microbit.pinN`
 * instead, so pins map onto those and the rest is reported as not available on the board.
 *
 * Pin interrupts: the board cannot call into the host, so the handler registered on the board
 * (`_upy_mI`) only records `(pin, flags, level)` in a preallocated list (UART receive
 * interrupts, `_upy_mJ`, record `(-1 - uart id, 0, 0)`); `_upy_mE()` hands the events
 * over as one line starting with EVENT_MARKER and empties the list. The remote HAL appends that
 * call to every program while an irq is registered, and polls with it while the local program
 * waits. The recorder allocates nothing, so it is registered as a hard irq: on a real board it
 * runs at the edge and reads that edge's flags. A board that only has soft irqs (upy) runs it
 * later, so `_upy_mE` first sleeps 0 ms to let such callbacks run, and takes the events with
 * interrupts off. The list holds EVENT_LIMIT events; later ones are counted as lost, as a
 * board's scheduler drops callbacks when its queue is full.
 */

/** The first word of the line `_upy_mE()` prints: `_upy_E [pin, flags, ...] lost`. */
export const EVENT_MARKER = "_upy_E";

/** Events the board keeps between two collections. */
export const EVENT_LIMIT = 64;

/** Numbers per event: the GPIO (or -1 - UART id), the irq flags, the pin's level then. */
export const EVENT_FIELDS = 3;

/**
 * Sent first: imports machine and says which dialect the board needs (prints True for
 * `machine.Pin`, False for the micro:bit's pins).
 */
export const HELPERS_PROBE = `try:
 import machine as _upy_M
except ImportError:
 _upy_M=None
print(hasattr(_upy_M,'Pin'))
`;

/** Unpacks a run of pin writes: one character per write, chr(48 + 2 * pin + value). */
const PACKED_WRITES = `def _upy_mW(s):
 for c in s:
  c=ord(c)-48;_upy_mw(c>>1,c&1)
`;

/** For boards with `machine.Pin` (Pico, ESP32, upy): pins, irq recorders, buses. */
export const MACHINE_HELPERS = `try:
 import time as _upy_mT
except ImportError:
 _upy_mT=None
_upy_mB={}
_upy_mP={}
def _upy_mp(n):
 p=_upy_mP.get(n)
 if p is None:p=_upy_mP[n]=_upy_M.Pin(n)
 return p
def _upy_mi(n,k):
 p=_upy_mp(n);p.init(**k);return (repr(p),p.value())
def _upy_mw(n,v):_upy_mp(n).value(v)
def _upy_mr(n):return _upy_mp(n).value()
def _upy_mS(l):return [repr(_upy_mp(n)) for n in l]
_upy_mq=[0]*${EVENT_FIELDS * EVENT_LIMIT}
_upy_mn=[0,0]
def _upy_mg(k,f,v):
 c=_upy_mn[0]
 if c<${EVENT_FIELDS * EVENT_LIMIT}:_upy_mq[c]=k;_upy_mq[c+1]=f;_upy_mq[c+2]=v;_upy_mn[0]=c+3
 else:_upy_mn[1]+=1
def _upy_mI(n,t):
 p=_upy_mp(n)
 if t:p.irq(lambda q,n=n:_upy_mg(n,q.irq().flags(),q.value()),t,hard=True)
 else:p.irq(None)
def _upy_mJ(i,on):
 u=_upy_mB['u%d'%i]
 if on:u.irq(lambda q,k=-1-i:_upy_mg(k,0,0))
 else:u.irq(None)
def _upy_mE():
 if _upy_mT:_upy_mT.sleep_ms(0)
 if _upy_mn[0] or _upy_mn[1]:
  s=_upy_M.disable_irq();e=_upy_mq[:_upy_mn[0]];l=_upy_mn[1];_upy_mn[0]=0;_upy_mn[1]=0
  _upy_M.enable_irq(s);print('${EVENT_MARKER}',e,l)
${PACKED_WRITES}def _upy_mK(k,o):
 _upy_mB[k]=o;return repr(o)
def _upy_mF(p):return (p.freq(),p.duty_u16(),p.duty_ns())
def _upy_mM(n,k):
 p=_upy_mB.get(n)
 if p is None:p=_upy_mB[n]=_upy_M.PWM(_upy_mp(n),**k)
 else:
  for a in ('freq','duty_u16','duty_ns'):
   if a in k:getattr(p,a)(k[a])
  if 'invert' in k:p.init(invert=k['invert'])
 return _upy_mF(p)
def _upy_mA(k,n):
 u=_upy_mB[k];m=min(u.any(),n)
 return u.read(m) or b'' if m>0 else b''
def _upy_mQ(k,a,s,t):
 b=_upy_mB[k];r=[];n=len(s)-1
 for i in range(n+1):
  x=s[i];e=t and i==n
  if isinstance(x,int):r.append(b.readfrom(a,x,e))
  else:b.writeto(a,x,e)
 return r
def _upy_mX(k,b):
 b=bytearray(b);_upy_mB[k].write_readinto(b,b);return bytes(b)
`;

/**
 * For the micro:bit's firmware (16 KB of heap: only what it can use). Its `machine` has no
 * buses, so those calls fail on the board as unsupported; irqs say so by name.
 */
export const MICROBIT_HELPERS = `import microbit as _upy_mu
_upy_mB={}
def _upy_mp(n):
 try:return getattr(_upy_mu,'pin%d'%n)
 except AttributeError:raise ValueError('invalid pin')
def _upy_mi(n,k):
 p=_upy_mp(n)
 if 'value' in k:p.write_digital(k['value'])
 return ('',0)
def _upy_mw(n,v):_upy_mp(n).write_digital(v)
def _upy_mr(n):return _upy_mp(n).read_digital()
def _upy_mI(n,t):
 _upy_mp(n)
 if t:raise NotImplementedError('Pin.irq')
def _upy_mJ(i,on):
 if on:raise NotImplementedError('UART.irq')
${PACKED_WRITES}`;
