/**
 * The asyncio module's implementation, in Python (upy compiles it when a
 * program first imports asyncio; see asyncio.ts). Like MicroPython's, the event
 * loop is a task queue ordered by wake-up time; a task runs until it awaits
 * something that reschedules it (a sleep, another task, an event). Waiting for
 * the next wake-up calls time.sleep_ms, which suspends the VM on a real timer,
 * so Deno's event loop keeps running in between.
 */

export const ASYNCIO_SOURCE = `
from time import ticks_ms as ticks, ticks_diff, ticks_add, sleep_ms as _sleep_ms
import sys


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


class _Queue:
    # Tasks ordered by wake-up time; equal times keep insertion order.
    def __init__(self):
        self.items = []

    def peek(self):
        return self.items[0] if self.items else None

    def push(self, task, key=None):
        task.ph_key = ticks() if key is None else key
        items = self.items
        i = len(items)
        while i > 0 and ticks_diff(items[i - 1].ph_key, task.ph_key) > 0:
            i -= 1
        items.insert(i, task)

    def pop(self):
        return self.items.pop(0)

    def remove(self, task):
        if task in self.items:
            self.items.remove(task)
            return True
        return False


_queue = _Queue()
_cur_task = None
_exc_handler = None
_stop_task = None


class _Yield:
    # Awaiting this gives control back to the loop once.
    def __await__(self):
        yield

    __iter__ = __await__


_yield = _Yield()


class Task:
    def __init__(self, coro):
        self.coro = coro
        self.ph_key = 0
        self._done = False
        self._result = None
        self._exc = None
        self._waiters = []
        self._throw = None
        self._blocked = False
        self._retrieved = False
        self._callbacks = []

    def __repr__(self):
        return "<Task>"

    def done(self):
        return self._done

    def __await__(self):
        if not self._done:
            self._waiters.append(_cur_task)
            _cur_task._blocked = True
            yield
        self._retrieved = True
        if self._exc is not None:
            raise self._exc
        return self._result

    __iter__ = __await__

    def cancel(self):
        if self._done:
            return False
        _queue.remove(self)
        self._throw = CancelledError()
        _queue.push(self)
        return True


def current_task():
    if _cur_task is None:
        raise RuntimeError("no running event loop")
    return _cur_task


def create_task(coro):
    if not hasattr(coro, "send"):
        raise TypeError("coroutine expected")
    t = Task(coro)
    _queue.push(t)
    return t


async def sleep_ms(t):
    _queue.push(_cur_task, ticks_add(ticks(), max(0, t)))
    _cur_task._blocked = True
    await _yield


async def sleep(t):
    _queue.push(_cur_task, ticks_add(ticks(), max(0, round(t * 1000))))
    _cur_task._blocked = True
    await _yield


def _finish(task, result, exc):
    task._done = True
    task._result = result
    task._exc = exc
    for w in task._waiters:
        w._blocked = False
        _queue.push(w)
    callbacks = task._callbacks
    task._callbacks = []
    for cb in callbacks:
        cb(task)
    if exc is not None and not task._waiters and not callbacks and not isinstance(exc, CancelledError):
        # A detached task failed: look again once the loop comes back round, and
        # report the exception only if nobody has awaited the task by then.
        _queue.push(task)
    task._waiters = []


def _call_exception_handler(task, exc):
    context = {"message": "Task exception wasn't retrieved", "exception": exc, "future": task}
    if _exc_handler is None:
        default_exception_handler(None, context)
    else:
        _exc_handler(Loop, context)


def default_exception_handler(loop, context):
    print(context["message"])
    print("future:", context["future"], "coro=", context["future"].coro)
    sys.print_exception(context["exception"])


def _run(main_task):
    global _cur_task, _stop_task
    while True:
        if main_task is not None and main_task._done:
            return
        t = _queue.peek()
        if t is None:
            return
        dt = ticks_diff(t.ph_key, ticks())
        if dt > 0:
            _sleep_ms(dt)
            continue
        _queue.pop()
        if t._done:
            if not t._retrieved and t._exc is not None and not isinstance(t._exc, CancelledError):
                t._retrieved = True
                _call_exception_handler(t, t._exc)
            continue
        _cur_task = t
        t._blocked = False
        try:
            exc = t._throw
            if exc is not None:
                t._throw = None
                t.coro.throw(exc)
            else:
                t.coro.send(None)
            if not t._blocked and not t._done:
                _queue.push(t)
        except StopIteration as e:
            _finish(t, e.value, None)
        except BaseException as e:
            _finish(t, None, e)
        _cur_task = None
        if _stop_task is not None:
            _stop_task = None
            return


def run_until_complete(main_task=None):
    if main_task is not None and not isinstance(main_task, Task):
        main_task = create_task(main_task)
    _run(main_task)
    if main_task is not None:
        main_task._retrieved = True
        if main_task._exc is not None:
            raise main_task._exc
        return main_task._result


def run(coro):
    return run_until_complete(create_task(coro))


async def wait_for(aw, timeout):
    if not isinstance(aw, Task):
        aw = create_task(aw)
    if timeout is None:
        return await aw
    timer_fired = [False]

    async def _cancel_later():
        await sleep(timeout)
        timer_fired[0] = True
        aw.cancel()

    timer = create_task(_cancel_later())
    try:
        return await aw
    except CancelledError as e:
        if timer_fired[0]:
            raise TimeoutError
        raise e
    finally:
        if not timer.done():
            timer.cancel()


def wait_for_ms(aw, timeout):
    return wait_for(aw, None if timeout is None else timeout / 1000)


def _wake(task):
    if task._blocked:
        task._blocked = False
        _queue.push(task)


async def gather(*aws, return_exceptions=False):
    tasks = [a if isinstance(a, Task) else create_task(a) for a in aws]
    if not tasks:
        return []
    me = _cur_task
    pending = [0]
    failure = [None]

    def on_done(t):
        pending[0] -= 1
        if t._exc is not None and not return_exceptions and failure[0] is None:
            failure[0] = t._exc
            _wake(me)
        elif pending[0] == 0:
            _wake(me)

    for t in tasks:
        if t.done():
            if t._exc is not None and not return_exceptions and failure[0] is None:
                failure[0] = t._exc
        else:
            pending[0] += 1
            t._callbacks.append(on_done)
    if failure[0] is None and pending[0] > 0:
        me._blocked = True
        try:
            await _yield
        except BaseException as e:
            for t in tasks:
                if on_done in t._callbacks:
                    t._callbacks.remove(on_done)
                if not t.done():
                    t.cancel()
            raise e
    for t in tasks:
        if on_done in t._callbacks:
            t._callbacks.remove(on_done)
        if t.done():
            t._retrieved = True
    if failure[0] is not None:
        raise failure[0]
    return [t._exc if t._exc is not None else t._result for t in tasks]


class Event:
    def __init__(self):
        self.state = False
        self.waiting = []

    def is_set(self):
        return self.state

    def set(self):
        for t in self.waiting:
            t._blocked = False
            _queue.push(t)
        self.waiting = []
        self.state = True

    def clear(self):
        self.state = False

    async def wait(self):
        if not self.state:
            self.waiting.append(_cur_task)
            _cur_task._blocked = True
            await _yield
        return True


class ThreadSafeFlag(Event):
    async def wait(self):
        await Event.wait(self)
        self.state = False


class Lock:
    def __init__(self):
        self.state = 0
        self.waiting = []

    def locked(self):
        return self.state == 1

    def release(self):
        if self.state != 1:
            raise RuntimeError("Lock not acquired")
        if self.waiting:
            t = self.waiting.pop(0)
            t._blocked = False
            _queue.push(t)
            self.state = 2
        else:
            self.state = 0

    async def acquire(self):
        if self.state != 0:
            self.waiting.append(_cur_task)
            _cur_task._blocked = True
            try:
                await _yield
            except BaseException as e:
                if _cur_task in self.waiting:
                    self.waiting.remove(_cur_task)
                elif self.state == 2:
                    self.state = 1
                    self.release()
                raise e
        self.state = 1
        return True

    async def __aenter__(self):
        return await self.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        return self.release()


class _Loop:
    def create_task(self, coro):
        return create_task(coro)

    def run_forever(self):
        _run(None)

    def run_until_complete(self, aw):
        return run_until_complete(aw)

    def stop(self):
        global _stop_task
        _stop_task = True

    def close(self):
        pass

    def set_exception_handler(self, handler):
        global _exc_handler
        _exc_handler = handler

    def get_exception_handler(self):
        return _exc_handler

    def default_exception_handler(self, context):
        default_exception_handler(self, context)

    def call_exception_handler(self, context):
        (_exc_handler or default_exception_handler)(self, context)


Loop = _Loop()


def get_event_loop(runq_len=0, waitq_len=0):
    return Loop


def new_event_loop():
    global _queue, _cur_task
    _queue = _Queue()
    _cur_task = None
    return Loop
`;
