/**
 * The asyncio module's implementation, in Python (upy compiles it when a
 * program first imports asyncio; see asyncio.ts). It follows MicroPython's
 * asyncio: one run queue of tasks ordered by wake-up time (a native TaskQueue,
 * asyncio_native.ts); a task runs until it awaits something, and that awaitable
 * arranges the wake-up (a sleep queues the task for later, an Event or a Task
 * keeps it in its own waiter queue). So the loop never reschedules a task that
 * just yielded; it only pops the next due one.
 *
 * The states that matter for MicroPython's observable behaviour:
 * - a task awaited by others has a waiter queue; a task gathered has a done
 *   callback instead; the two exclude each other ("can't wait", "can't gather").
 * - cancel() is forwarded along the chain of tasks awaiting tasks to the one
 *   actually blocked, which is moved to the run queue with CancelledError.
 * - a detached task that fails is queued once more, and its exception goes to
 *   the exception handler only if nobody awaited it in the meantime.
 *
 * Idle time is spent in _asyncio.wait, a Promise, so the VM suspends on Deno's
 * event loop; a JsPromise a task awaits wakes the loop when it settles.
 */

export const ASYNCIO_SOURCE = `
from time import ticks_ms as ticks, ticks_diff, ticks_add
import sys
from _asyncio import TaskQueue, JsPromise
import _asyncio


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


class InvalidStateError(Exception):
    pass


_queue = TaskQueue()
_cur = None
_stopper = None
_stop_requested = [False]
# Tasks waiting on a ThreadSafeFlag, which code outside the loop may set.
_flag_waiters = [0]


class _NotQueued:
    # What a task blocked outside any queue (in gather) is waiting on.
    pass


_NOT_QUEUED = _NotQueued()


def _schedule(task, key=None):
    task._on = None
    _queue.push(task, key)


class Task:
    # Defaults on the class keep task creation cheap; each field becomes an
    # instance attribute the first time it changes.
    # What the task is blocked on: None (the run queue), a TaskQueue, the Task
    # it awaits, a JsPromise, or _NOT_QUEUED.
    _on = None
    # Exception (or class) to throw in at the next resume, else the value to send.
    _throw = None
    _send = None
    _waiters = None
    _on_done = None
    _user_done = None
    _done = False
    _seen = False
    _result = None
    _exc = None

    def __init__(self, coro, globals=None):
        self.coro = coro

    def __repr__(self):
        return "<Task>"

    def done(self):
        return self._done

    def __await__(self):
        if not self._done:
            if self._on_done is not None:
                raise RuntimeError("can't wait")
            if self._waiters is None:
                self._waiters = TaskQueue()
            me = _cur
            self._waiters.push(me)
            me._on = self
            yield
        self._seen = True
        if self._exc is not None:
            raise self._exc
        return self._result

    __iter__ = __await__

    def get_coro(self):
        return self.coro

    def cancelled(self):
        return self._done and isinstance(self._exc, CancelledError)

    def result(self):
        return self._outcome(True)

    def exception(self):
        return self._outcome(False)

    def _outcome(self, want_result):
        # A cancelled task raises CancelledError for both; reading either counts
        # as retrieving the exception, so the loop no longer reports it.
        if not self._done:
            raise InvalidStateError
        self._seen = True
        exc = self._exc
        if exc is not None and (want_result or isinstance(exc, CancelledError)):
            raise exc
        return self._result if want_result else exc

    def add_done_callback(self, callback):
        # One callback, called as callback(task, outcome): the exception, or a
        # StopIteration holding the result (MicroPython's form).
        if self._on_done is not None:
            raise RuntimeError(">1 callback unsupported")
        if self._done:
            callback(self, self._outcome_value())
            return
        self._user_done = callback
        self._on_done = lambda t: callback(t, t._outcome_value())

    def remove_done_callback(self, callback):
        if self._user_done is None or self._user_done != callback:
            return 0
        self._user_done = None
        self._on_done = None
        return 1

    def _outcome_value(self):
        if self._exc is not None:
            return self._exc
        return StopIteration() if self._result is None else StopIteration(self._result)

    def set_result(self, result):
        raise RuntimeError

    def set_exception(self, exception):
        raise RuntimeError

    def cancel(self):
        if self._done:
            return False
        if self is _cur:
            raise RuntimeError("can't cancel self")
        task = self
        while isinstance(task._on, Task):
            task = task._on
        _interrupt(task, CancelledError)
        return True


def _interrupt(task, exc):
    # Wakes a blocked task now with exc thrown in at its await.
    on = task._on
    if isinstance(on, TaskQueue):
        on.remove(task)
        _schedule(task)
    elif on is not None:
        _schedule(task)
    else:
        key = _queue.key(task)
        if key is not None and ticks_diff(key, ticks()) > 0:
            _schedule(task)
    task._throw = exc


class _AwaitedDone(BaseException):
    # Thrown into wait_for's sleep when the awaited task finished first.
    pass


def current_task():
    if _cur is None:
        raise RuntimeError("no running event loop")
    return _cur


def create_task(coro):
    if not hasattr(coro, "send"):
        raise TypeError("coroutine expected")
    t = Task(coro)
    _queue.push(t)
    _live.add(t)
    return t


# Every task create_task made that has not finished yet (what all_tasks returns).
_live = set()


def all_tasks():
    return set(_live)


def _as_task(aw):
    return aw if isinstance(aw, Task) else create_task(aw)


def sleep_ms(t):
    return _asyncio.sleep_ms(_queue, t)


def sleep(t):
    return _asyncio.sleep_ms(_queue, int(t * 1000))


def _finish(t, result, exc):
    t._done = True
    _live.discard(t)
    t._result = result
    t._exc = exc
    woken = False
    callback = t._on_done
    if callback is not None:
        t._on_done = None
        t._user_done = None
        callback(t)
        woken = True
    waiters = t._waiters
    if waiters is not None:
        while waiters:
            _schedule(waiters.pop())
            woken = True
    if woken:
        t._seen = True
    elif exc is not None and not isinstance(exc, CancelledError):
        # Detached and failed: report it when the loop comes round to it again,
        # unless something awaits it before then.
        _queue.push(t)


def _report(t):
    t._seen = True
    Loop.call_exception_handler(
        {"message": "Task exception wasn't retrieved", "exception": t._exc, "future": t}
    )


def _resume_settled():
    for task, promise, value, exc in _asyncio.settled():
        if task._on is promise:
            if exc is not None:
                task._throw = exc
            else:
                task._send = value
            _schedule(task)


def _run(main_task):
    run_ready = _asyncio.run_ready
    g = globals()
    while True:
        r = run_ready(_queue, main_task, g, _finish, _report, CancelledError)
        if r is True:
            return
        if r is None:
            if main_task is not None and not main_task._done and (
                _asyncio.watching() or _asyncio.pending() or _flag_waiters[0]
            ):
                # Something outside the queue (a JS promise, a scheduled
                # callback, a ThreadSafeFlag set from JS) may still wake a task.
                _asyncio.wait(-1, _flag_waiters[0])
                _resume_settled()
            elif _queue.peek() is None:
                # (Checked again: a scheduled callback may have just queued a task.)
                return
            continue
        _asyncio.wait(r)
        _resume_settled()


def run_until_complete(main_task=None):
    if main_task is not None:
        main_task = _as_task(main_task)
    _run(main_task)
    if main_task is not None and main_task._done:
        main_task._seen = True
        if main_task._exc is not None:
            raise main_task._exc
        return main_task._result


def run(coro):
    return run_until_complete(create_task(coro))


async def wait_for(aw, timeout, sleep=sleep):
    aw = _as_task(aw)
    if timeout is None:
        return await aw
    waiter = _cur
    # outcome[0]: None while aw runs, True once it returned (outcome[1] holds the
    # value) or its exception; the watcher then wakes the waiter's sleep.
    outcome = [None, None]

    async def watch():
        try:
            outcome[1] = await aw
            result = True
        except BaseException as e:
            result = e
        if outcome[0] is None:
            outcome[0] = result
            if waiter._throw is None:
                # (A cancel already on its way to the waiter takes precedence.)
                _interrupt(waiter, _AwaitedDone)

    watcher = create_task(watch())
    try:
        await sleep(timeout)
    except _AwaitedDone:
        if outcome[0] is True:
            return outcome[1]
        raise outcome[0]
    except CancelledError as e:
        if outcome[0] is None:
            # Cancelled from outside while aw runs: cancel aw too.
            outcome[0] = True
            watcher.cancel()
        raise e
    # Timed out first.
    outcome[0] = True
    watcher.cancel()
    await watcher
    raise TimeoutError


def wait_for_ms(aw, timeout):
    return wait_for(aw, timeout, sleep_ms)


def gather(*aws, return_exceptions=False):
    if not aws:
        return []
    tasks = [_as_task(a) for a in aws]
    me = _cur
    # state[0]: how many tasks are still running, or the exception ending the gather.
    state = [0]

    def on_done(t):
        if me._on is not _NOT_QUEUED:
            # The gather was already woken (a failure, or it was cancelled).
            return
        if not return_exceptions and t._exc is not None:
            state[0] = t._exc
        else:
            state[0] -= 1
            if state[0]:
                return
        _schedule(me)

    for t in tasks:
        if not t._done and (t._waiters is not None or t._on_done is not None):
            raise RuntimeError("can't gather")
    for t in tasks:
        if not t._done:
            t._on_done = on_done
            state[0] += 1
    for t in tasks:
        if t._done and t._exc is not None and not return_exceptions:
            # Finished already by failing: no need to wait for the others.
            state[0] = t._exc
            break
    cancelled = False
    if isinstance(state[0], int) and state[0]:
        me._on = _NOT_QUEUED
        try:
            yield
        except CancelledError as e:
            cancelled = True
            state[0] = e
    results = []
    for t in tasks:
        if t._on_done is on_done:
            t._on_done = None
            if cancelled:
                t.cancel()
        else:
            t._seen = True
        results.append(t._exc if t._exc is not None else t._result)
    if not isinstance(state[0], int):
        raise state[0]
    return results


class Event:
    def __init__(self):
        self.state = False
        self.waiting = TaskQueue()

    def is_set(self):
        return self.state

    def set(self):
        while self.waiting:
            _schedule(self.waiting.pop())
        self.state = True

    def clear(self):
        self.state = False

    def wait(self):
        if not self.state:
            self.waiting.push(_cur)
            _cur._on = self.waiting
            yield
        return True


class ThreadSafeFlag:
    def __init__(self):
        self.state = False
        self.waiting = TaskQueue()

    def set(self):
        self.state = True
        if self.waiting:
            t = self.waiting.pop()
            t._on = None
            _asyncio.flagged(t)
        _asyncio.wake()

    def clear(self):
        self.state = False

    def wait(self):
        if not self.state:
            self.waiting.push(_cur)
            _cur._on = self.waiting
            _flag_waiters[0] += 1
            try:
                yield
            finally:
                _flag_waiters[0] -= 1
        self.state = False


class Lock:
    def __init__(self):
        # 0 unlocked, 1 locked, or the waiting Task the lock was handed to.
        self.state = 0
        self.waiting = TaskQueue()

    def locked(self):
        return self.state == 1

    def release(self):
        if self.state != 1:
            raise RuntimeError("Lock not acquired")
        if self.waiting:
            t = self.waiting.pop()
            self.state = t
            _schedule(t)
        else:
            self.state = 0

    def acquire(self):
        if self.state != 0:
            me = _cur
            self.waiting.push(me)
            me._on = self.waiting
            try:
                yield
            except CancelledError as e:
                if self.state is me:
                    # Handed the lock just as it was cancelled: pass it on.
                    self.state = 1
                    self.release()
                raise e
        self.state = 1
        return True

    async def __aenter__(self):
        return await self.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        return self.release()


class QueueEmpty(Exception):
    pass


class QueueFull(Exception):
    pass


class Queue:
    # FIFO of items; tasks wait in _getters for an item, in _putters for a free slot
    # (maxsize > 0), and in join() until every item put has been marked task_done().
    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._items = []
        self._unfinished = 0
        self._getters = TaskQueue()
        self._putters = TaskQueue()
        self._all_done = Event()
        self._all_done.set()

    def qsize(self):
        return len(self._items)

    def empty(self):
        return not self._items

    def full(self):
        return 0 < self.maxsize <= len(self._items)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull
        self._items.append(item)
        self._unfinished += 1
        self._all_done.clear()
        if self._getters:
            _schedule(self._getters.pop())

    def get_nowait(self):
        if not self._items:
            raise QueueEmpty
        item = self._items.pop(0)
        if self._putters:
            _schedule(self._putters.pop())
        return item

    def put(self, item):
        # Woken tasks check again: another task may have taken the slot first.
        while self.full():
            self._putters.push(_cur)
            _cur._on = self._putters
            yield
        self.put_nowait(item)

    def get(self):
        while not self._items:
            self._getters.push(_cur)
            _cur._on = self._getters
            yield
        return self.get_nowait()

    def task_done(self):
        if self._unfinished <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished -= 1
        if self._unfinished == 0:
            self._all_done.set()

    async def join(self):
        if self._unfinished:
            await self._all_done.wait()

def _stop_when_woken():
    # The task run_forever runs until: it parks itself until stop() is called.
    while not _stop_requested[0]:
        _cur._on = _NOT_QUEUED
        yield


class Loop:
    _exc_handler = None

    def create_task(coro):
        return create_task(coro)

    def run_forever():
        global _stopper
        _stop_requested[0] = False
        _stopper = create_task(_stop_when_woken())
        run_until_complete(_stopper)
        _stopper = None

    def run_until_complete(aw):
        return run_until_complete(_as_task(aw))

    def stop():
        _stop_requested[0] = True
        if _stopper is not None and _stopper._on is _NOT_QUEUED:
            _schedule(_stopper)

    def close():
        pass

    def set_exception_handler(handler):
        Loop._exc_handler = handler

    def get_exception_handler():
        return Loop._exc_handler

    def default_exception_handler(loop, context):
        print(context["message"])
        print("future:", context["future"], "coro=", context["future"].coro)
        sys.print_exception(context["exception"])

    def call_exception_handler(context):
        (Loop._exc_handler or Loop.default_exception_handler)(Loop, context)


async def _stream_call(stream, method, *args):
    result = _asyncio.stream_call(stream, method, *args)
    if isinstance(result, JsPromise):
        result = await result
    return result


async def _until_readable(stream):
    # A stream that can say how much it holds (micropython.RingIO) is waited
    # on until it has data; others are read at once.
    any_data = getattr(stream, "any", None)
    if any_data is not None:
        while not any_data():
            await sleep_ms(1)


class Stream:
    # StreamReader and StreamWriter over any upy stream (sys.stdin, files,
    # io.BytesIO, user IOBase streams). Reads that must wait for input (stdin)
    # suspend the task, not the loop; writes are buffered until drain().
    def __init__(self, s, e={}):
        self.s = s
        self.e = e
        self.out = b""

    def get_extra_info(self, v):
        return self.e[v]

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.close()

    def close(self):
        pass

    async def wait_closed(self):
        self.s.close()

    async def read(self, n=-1):
        await _until_readable(self.s)
        return await _stream_call(self.s, "read", n)

    async def readinto(self, buf):
        await _until_readable(self.s)
        return await _stream_call(self.s, "readinto", buf)

    async def readexactly(self, n):
        r = b""
        while n:
            await _until_readable(self.s)
            part = await _stream_call(self.s, "read", n)
            if not part:
                raise EOFError
            r += part
            n -= len(part)
        return r

    async def readline(self):
        await _until_readable(self.s)
        return await _stream_call(self.s, "readline")

    def write(self, buf):
        # Written at once if the stream takes it all; the rest waits for drain().
        if not self.out:
            n = self.s.write(buf)
            if n == len(buf):
                return
            if n is not None:
                buf = buf[n:]
        self.out += buf

    async def drain(self):
        while self.out:
            n = await _stream_call(self.s, "write", self.out)
            if not n:
                # The stream is not ready or has no room (a full RingIO): look again shortly.
                await sleep_ms(1)
            else:
                self.out = self.out[n:]


StreamReader = Stream
StreamWriter = Stream


def get_event_loop(runq_len=0, waitq_len=0):
    return Loop


def new_event_loop():
    global _queue, _cur, _live
    _queue = TaskQueue()
    _cur = None
    _live = set()
    return Loop
`;
