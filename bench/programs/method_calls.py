# Method calls and attribute access on user classes.
class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def dot(self, other):
        return self.x * other.x + self.y * other.y


class Particle:
    def __init__(self, i):
        self.pos = Vector(i, -i)
        self.vel = Vector(1, 2)

    def step(self):
        self.pos = self.pos.add(self.vel)
        return self.pos.dot(self.vel)


ps = [Particle(i) for i in range(100)]
acc = 0
for t in range(3000):
    for p in ps:
        acc += p.step()
print(acc)
